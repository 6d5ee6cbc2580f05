// Package base is what every resource and data source of every platform shares: its type name,
// finding its platform's client, the start of each operation (client present, timeout applied) and
// the wording of errors. A platform package embeds Resource or DataSource and keeps only what is
// its own.
package base

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Platform names a platform in messages and says what to check when it refuses the credentials.
type Platform struct {
	// Block is the provider block, and the key of the platform's client: "jim".
	Block string
	// Name is the platform as users know it: "JIM", "Haven OnDemand".
	Name string
	// Unauthorized is the next step after a 401 (credentials refused).
	Unauthorized string
	// Forbidden is the next step after a 403 (credentials lack a privilege); Unauthorized when empty.
	Forbidden string
}

// NotKnownYet is the error of an operation that must call the platform while its provider block
// holds values known only after apply.
func (p Platform) NotKnownYet() diag.Diagnostic {
	return providerdata.NotKnownYet(p.Block, "call "+p.Name)
}

// ErrorDetail is the detail of an error diagnostic: the error (HTTP status, the platform's code and
// message, request id), a warning when the request may have been processed, and the next step for
// the user. A refusal of the credentials replaces next with what to check in the provider block.
func (p Platform) ErrorDetail(err error, next string) string {
	msg := err.Error()
	if transport.MaybeProcessed(err) {
		msg += "\n\nThe request may have been processed by " + p.Name + "."
	}
	switch transport.StatusOf(err) {
	case http.StatusUnauthorized:
		if p.Unauthorized != "" {
			next = p.Unauthorized
		}
	case http.StatusForbidden:
		switch {
		case p.Forbidden != "":
			next = p.Forbidden
		case p.Unauthorized != "":
			next = p.Unauthorized
		}
	}
	if next != "" {
		msg += "\n\n" + next
	}
	return msg
}

// WarnRemoved is the warning of a Read that finds its object gone (what: "connected system 12"):
// the caller removes the resource from the state, and the next apply creates it again.
func (p Platform) WarnRemoved(diags *diag.Diagnostics, what string) {
	diags.AddWarning(fmt.Sprintf("%s %s no longer exists", p.Name, what),
		"It was deleted outside Terraform and has been removed from the state; the next apply creates it again.")
}

// TimeoutFunc reads an operation's timeout: the Create, Read, Update and Delete methods of
// terraform-plugin-framework-timeouts values.
type TimeoutFunc func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// Resource is embedded in every resource. C is the platform's client type.
type Resource[C any] struct {
	Platform Platform
	// TypeName follows the provider name: "jim_connected_system".
	TypeName string
	// Client is the platform's client, set by Configure when the provider block is known.
	Client C
	ready  bool
}

// NewResource is the embedded part of a resource of type syncops_<typeName>.
func NewResource[C any](p Platform, typeName string) Resource[C] {
	return Resource[C]{Platform: p, TypeName: typeName}
}

func (r *Resource[C]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.TypeName
}

func (r *Resource[C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.Client, r.ready = configure[C](req.ProviderData, r.Platform, &resp.Diagnostics)
}

// Ready reports whether the client exists: false while the provider block holds values known
// only after apply (plan-time checks that need the API are then skipped).
func (r *Resource[C]) Ready() bool { return r.ready }

// Begin starts a Create, Update or Delete: it fails with the platform's "not known yet" error when
// there is no client, and bounds ctx by the operation's timeout (def when none is configured).
// ok is false when diags hold an error, earlier ones included; cancel must then not be called.
func (r *Resource[C]) Begin(ctx context.Context, diags *diag.Diagnostics, timeout TimeoutFunc, def time.Duration) (_ context.Context, cancel context.CancelFunc, ok bool) {
	if diags.HasError() {
		return ctx, nil, false
	}
	if !r.ready {
		diags.Append(r.Platform.NotKnownYet())
		return ctx, nil, false
	}
	return withTimeout(ctx, diags, timeout, def)
}

// BeginRead starts a Read: like Begin, but without a client the state is kept as it is, with no
// error (Terraform refreshes before the provider block is known; the next refresh reads it).
func (r *Resource[C]) BeginRead(ctx context.Context, diags *diag.Diagnostics, timeout TimeoutFunc, def time.Duration) (_ context.Context, cancel context.CancelFunc, ok bool) {
	if diags.HasError() || !r.ready {
		return ctx, nil, false
	}
	return withTimeout(ctx, diags, timeout, def)
}

// DataSource is embedded in every data source. C is the platform's client type.
type DataSource[C any] struct {
	Platform Platform
	// TypeName follows the provider name: "jim_connector_definition".
	TypeName string
	Client   C
	ready    bool
}

// NewDataSource is the embedded part of a data source of type syncops_<typeName>.
func NewDataSource[C any](p Platform, typeName string) DataSource[C] {
	return DataSource[C]{Platform: p, TypeName: typeName}
}

func (d *DataSource[C]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.TypeName
}

func (d *DataSource[C]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Client, d.ready = configure[C](req.ProviderData, d.Platform, &resp.Diagnostics)
}

// Begin starts a Read: it fails with the platform's "not known yet" error when there is no
// client, and bounds ctx by DataSourceTimeout. ok is false when diags hold an error.
func (d *DataSource[C]) Begin(ctx context.Context, diags *diag.Diagnostics) (_ context.Context, cancel context.CancelFunc, ok bool) {
	if diags.HasError() {
		return ctx, nil, false
	}
	if !d.ready {
		diags.Append(d.Platform.NotKnownYet())
		return ctx, nil, false
	}
	ctx, cancel = context.WithTimeout(ctx, DataSourceTimeout)
	return ctx, cancel, true
}

// DataSourceTimeout bounds a data source's read, retries and waits for rate limits included.
const DataSourceTimeout = 5 * time.Minute

func configure[C any](providerData any, p Platform, diags *diag.Diagnostics) (C, bool) {
	c, ok, d := providerdata.Client[C](providerData, p.Block)
	diags.Append(d...)
	return c, ok
}

func withTimeout(ctx context.Context, diags *diag.Diagnostics, timeout TimeoutFunc, def time.Duration) (context.Context, context.CancelFunc, bool) {
	t, d := timeout(ctx, def)
	diags.Append(d...)
	if diags.HasError() {
		return ctx, nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	return ctx, cancel, true
}
