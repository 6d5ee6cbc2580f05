package jim

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

var _ list.ListResourceWithConfigure = (*RunProfileListResource)(nil)

// NewRunProfileListResource is the factory of the syncops_jim_run_profile list resource.
func NewRunProfileListResource() list.ListResource {
	return &RunProfileListResource{ListResource: base.NewListResource[*Client](platform, "jim_run_profile")}
}

// RunProfileListResource lists run profiles (terraform query, Terraform 1.14+).
type RunProfileListResource struct {
	base.ListResource[*Client]
}

type runProfileListModel struct {
	ConnectedSystemID types.String `tfsdk:"connected_system_id"`
	Name              types.String `tfsdk:"name"`
}

func (l *RunProfileListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists JIM run profiles: those of one connected system (one request), or of every connected system " +
			"(JIM lists run profiles per system only: every page of the systems, then one request per system). " +
			"Each result has the run profile's identity and its name; with `include_resource` the whole resource, as a refresh reads it.",
		Attributes: map[string]listschema.Attribute{
			"connected_system_id": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the run profiles of this connected system (its id, e.g. `\"12\"`). Without it, every system's.",
				Validators:          []validator.String{stringvalidator.RegexMatches(positiveInt, "must be a connected system id such as \"12\"")},
			},
			"name": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only run profiles with exactly this name (case-sensitive; names need not be unique).",
			},
		},
	}
}

func (l *RunProfileListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx, cancel, ok := l.Begin(ctx, stream)
	if !ok {
		return
	}
	var filter runProfileListModel
	if diags := req.Config.Get(ctx, &filter); diags.HasError() {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		defer cancel()
		fail := func(summary string, err error) {
			var diags diag.Diagnostics
			diags.AddError(summary, platform.ErrorDetail(err, ""))
			push(list.ListResult{Diagnostics: diags})
		}
		var systems []int64
		if v := filter.ConnectedSystemID.ValueString(); v != "" {
			id, _ := strconv.ParseInt(v, 10, 64)
			systems = []int64{id}
		} else {
			headers, err := l.Client.ListConnectedSystems(ctx, "")
			if err != nil {
				fail("Unable to list JIM connected systems", err)
				return
			}
			for _, h := range headers {
				systems = append(systems, h.ID)
			}
		}
		n := int64(0)
		for _, csID := range systems {
			profiles, err := l.Client.RunProfiles(ctx, csID)
			if transport.IsNotFound(err) {
				if filter.ConnectedSystemID.IsNull() {
					continue // deleted since the systems were listed
				}
				fail(fmt.Sprintf("JIM connected system %d not found", csID), err)
				return
			}
			if err != nil {
				fail(fmt.Sprintf("Unable to list the run profiles of JIM connected system %d", csID), err)
				return
			}
			for i := range profiles {
				rp := &profiles[i]
				if name := filter.Name.ValueString(); name != "" && rp.Name != name {
					continue
				}
				if req.Limit > 0 && n >= req.Limit {
					return
				}
				n++
				result := req.NewListResult(ctx)
				result.DisplayName = rp.Name
				result.Diagnostics.Append(setRunProfileIdentity(ctx, result.Identity, csID, rp.ID)...)
				if req.IncludeResource {
					m := newRunProfileModel()
					if err := l.Client.applyRunProfile(ctx, &m, rp); err != nil {
						result.Diagnostics.AddError(fmt.Sprintf("Unable to read the connector of JIM connected system %d", csID), platform.ErrorDetail(err, ""))
					} else {
						result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
					}
				}
				if !push(result) {
					return
				}
			}
		}
	}
}

// newRunProfileModel is an empty model whose every attribute is null, as state after an import.
func newRunProfileModel() runProfileModel {
	return runProfileModel{
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
		})},
	}
}
