package base

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ListResource is embedded in every list resource (terraform query, Terraform 1.14+). Its type
// name is the managed resource's.
type ListResource[C any] struct {
	Platform Platform
	TypeName string
	Client   C
	ready    bool
}

// NewListResource is the embedded part of the list resource of syncops_<typeName>.
func NewListResource[C any](p Platform, typeName string) ListResource[C] {
	return ListResource[C]{Platform: p, TypeName: typeName}
}

func (l *ListResource[C]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.TypeName
}

func (l *ListResource[C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.Client, l.ready = configure[C](req.ProviderData, l.Platform, &resp.Diagnostics)
}

// Begin starts a List: without a client the stream holds the platform's "not known yet" error.
// The context is bounded by DataSourceTimeout.
func (l *ListResource[C]) Begin(ctx context.Context, stream *list.ListResultsStream) (_ context.Context, cancel context.CancelFunc, ok bool) {
	if !l.ready {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{l.Platform.NotKnownYet()})
		return ctx, nil, false
	}
	ctx, cancel = context.WithTimeout(ctx, DataSourceTimeout)
	return ctx, cancel, true
}
