// Package provider is the syncops provider: one optional block per platform, one client per
// configured platform, and the resources and data sources of every platform.
package provider

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// setTransportVersion sets the User-Agent version once per process.
var setTransportVersion sync.Once

var (
	_ provider.ProviderWithListResources = (*SyncopsProvider)(nil)
	_ provider.ProviderWithActions       = (*SyncopsProvider)(nil)
)

// SyncopsProvider is the provider implementation.
type SyncopsProvider struct {
	version   string
	platforms []providerdata.Platform
}

// New returns a provider factory for the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &SyncopsProvider{version: version, platforms: Platforms()}
	}
}

func (p *SyncopsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "syncops"
	resp.Version = p.version
}

func (p *SyncopsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	blocks := map[string]schema.Block{}
	for _, pl := range p.platforms {
		blocks[pl.Name()] = pl.Block()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage sync connectors as code on JIM, Polytomic, Elasticsearch and Haven OnDemand. " +
			"Each platform has one optional block; a platform whose block is absent can also be configured from its environment variables.",
		Attributes: map[string]schema.Attribute{
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long one HTTP attempt may take before it is abandoned (and retried when that is safe), " +
					"as a Go duration such as `30s`. Defaults to `30s`, or the `SYNCOPS_REQUEST_TIMEOUT` environment variable.",
			},
		},
		Blocks: blocks,
	}
}

func (p *SyncopsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	// Parallel acceptance tests configure many providers in one process while others send
	// requests; the Once orders the one write before every later read (go test -race).
	setTransportVersion.Do(func() { transport.Version = p.version })
	common := providerdata.Common{AttemptTimeout: transport.DefaultAttemptTimeout}
	var timeout types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("request_timeout"), &timeout)...)
	raw := os.Getenv("SYNCOPS_REQUEST_TIMEOUT")
	if !timeout.IsNull() && !timeout.IsUnknown() {
		raw = timeout.ValueString()
	}
	if raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("%q is not a positive Go duration such as \"30s\" or \"2m\".", raw))
			return
		}
		common.AttemptTimeout = d
	}
	clients := map[string]providerdata.Configured{}
	for _, pl := range p.platforms {
		var block types.Object
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(pl.Name()), &block)...)
		if resp.Diagnostics.HasError() {
			return
		}
		c, diags := pl.Configure(ctx, block, common)
		resp.Diagnostics.Append(diags...)
		if c.Client != nil || c.Unknown {
			clients[pl.Name()] = c
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	data := providerdata.NewData(p.platforms, clients)
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func (p *SyncopsProvider) Resources(_ context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, pl := range p.platforms {
		out = append(out, pl.Resources()...)
	}
	return out
}

func (p *SyncopsProvider) ListResources(_ context.Context) []func() list.ListResource {
	var out []func() list.ListResource
	for _, pl := range p.platforms {
		if l, ok := pl.(providerdata.WithListResources); ok {
			out = append(out, l.ListResources()...)
		}
	}
	return out
}

func (p *SyncopsProvider) Actions(_ context.Context) []func() action.Action {
	var out []func() action.Action
	for _, pl := range p.platforms {
		if a, ok := pl.(providerdata.WithActions); ok {
			out = append(out, a.Actions()...)
		}
	}
	return out
}

func (p *SyncopsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, pl := range p.platforms {
		out = append(out, pl.DataSources()...)
	}
	return out
}
