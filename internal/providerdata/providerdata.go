// Package providerdata is the contract between the provider and the platform packages: each
// platform describes its provider block and builds its client; resources find that client here.
package providerdata

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Platform is one platform's part of the provider.
type Platform interface {
	// Name is the provider block name, e.g. "jim".
	Name() string
	// Block is the provider block schema (a SingleNestedBlock).
	Block() schema.Block
	// Configure builds the platform client from its block (null when absent) and the environment.
	// It returns (nil, nil diags) when neither configures the platform, and Unknown when a value
	// is not known yet (planning with values from other resources).
	Configure(ctx context.Context, block types.Object, common Common) (Configured, diag.Diagnostics)
	// MissingHint names the block and the environment variables, for "not configured" errors.
	MissingHint() string
	Resources() []func() resource.Resource
	DataSources() []func() datasource.DataSource
}

// WithListResources is a Platform with list resources (terraform query, Terraform 1.14+).
type WithListResources interface {
	ListResources() []func() list.ListResource
}

// WithActions is a Platform with actions (Terraform 1.14+).
type WithActions interface {
	Actions() []func() action.Action
}

// Common holds settings shared by every platform.
type Common struct {
	// AttemptTimeout bounds each HTTP attempt.
	AttemptTimeout time.Duration
}

// Configured is the outcome of one platform's configuration.
type Configured struct {
	Client  any
	Unknown bool
}

// Data is the provider data handed to every resource and data source.
type Data struct {
	platforms map[string]Platform
	clients   map[string]Configured
}

// NewData builds provider data.
func NewData(platforms []Platform, clients map[string]Configured) *Data {
	m := map[string]Platform{}
	for _, p := range platforms {
		m[p.Name()] = p
	}
	return &Data{platforms: m, clients: clients}
}

// Client finds the client of a platform for a resource's or data source's Configure. ok is false
// (with no error) when provider data is not there yet or the configuration is not known yet;
// an unconfigured platform is an error naming its block and environment variables.
func Client[T any](providerData any, platform string) (client T, ok bool, diags diag.Diagnostics) {
	if providerData == nil {
		return client, false, nil
	}
	d, isData := providerData.(*Data)
	if !isData {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerdata.Data, got %T; this is a bug in the provider", providerData))
		return client, false, diags
	}
	c, found := d.clients[platform]
	if !found || (c.Client == nil && !c.Unknown) {
		hint := platform
		if p, ok := d.platforms[platform]; ok {
			hint = p.MissingHint()
		}
		diags.AddError(fmt.Sprintf("The %s platform is not configured", platform), hint)
		return client, false, diags
	}
	if c.Unknown {
		return client, false, nil
	}
	client, isT := c.Client.(T)
	if !isT {
		diags.AddError("Unexpected client type", fmt.Sprintf("platform %s has a %T client; this is a bug in the provider", platform, c.Client))
		return client, false, diags
	}
	return client, true, nil
}

// Setting is one provider setting read from a block attribute or its environment variable.
type Setting struct {
	Value   string
	Unknown bool
	// Set is true when the block or the environment gave a value.
	Set bool
}

// StringSetting reads a string attribute of block (which may be null) with an environment
// fallback and a default.
func StringSetting(block types.Object, name, env, def string) Setting {
	if !block.IsNull() && !block.IsUnknown() {
		if v, ok := block.Attributes()[name]; ok {
			if v.IsUnknown() {
				return Setting{Unknown: true}
			}
			if s, ok := v.(types.String); ok && !s.IsNull() {
				return Setting{Value: s.ValueString(), Set: true}
			}
		}
	}
	if block.IsUnknown() {
		return Setting{Unknown: true}
	}
	if env != "" {
		if v, ok := os.LookupEnv(env); ok && v != "" {
			return Setting{Value: v, Set: true}
		}
	}
	return Setting{Value: def}
}

// BoolSetting reads a bool attribute with an environment fallback ("true", "1").
func BoolSetting(block types.Object, name, env string) (value, unknown bool) {
	if !block.IsNull() && !block.IsUnknown() {
		if v, ok := block.Attributes()[name]; ok {
			if v.IsUnknown() {
				return false, true
			}
			if b, ok := v.(types.Bool); ok && !b.IsNull() {
				return b.ValueBool(), false
			}
		}
	}
	if block.IsUnknown() {
		return false, true
	}
	switch os.Getenv(env) {
	case "true", "1", "TRUE", "True":
		return true, false
	}
	return false, false
}

// AttrValue returns one attribute of a block, or nil when the block is null.
func AttrValue(block types.Object, name string) attr.Value {
	if block.IsNull() || block.IsUnknown() {
		return nil
	}
	return block.Attributes()[name]
}

// NotKnownYet is the error of an operation that must call a platform while its provider block
// holds values known only after apply (the platform then has no client). what names the operation,
// e.g. "list Elasticsearch connectors".
func NotKnownYet(block, what string) diag.Diagnostic {
	return diag.NewErrorDiagnostic(fmt.Sprintf("Unable to %s: the %s provider configuration is not known yet", what, block),
		fmt.Sprintf("The %s provider block depends on values known only after apply (outputs of other resources), so the "+
			"platform cannot be called yet. Apply what it depends on first (terraform apply -target=...), then run the command again.", block))
}
