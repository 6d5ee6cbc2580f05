package haven

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithIdentity = (*ConnectorResource)(nil)

// connectorIdentity is the resource identity (Terraform 1.12+): Haven OnDemand identifies a
// connector by its name alone.
type connectorIdentity struct {
	Name types.String `tfsdk:"name"`
}

func (r *ConnectorResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"name": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The connector name, unique in the Haven OnDemand account.",
			},
		},
	}
}

// setIdentity sets the identity of the connector named name; an identity the CLI does not support
// (nil) is left alone.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, name string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, connectorIdentity{Name: types.StringValue(name)})
}

// ImportState imports by name: `terraform import ADDR NAME`, `import { id = NAME }`, or
// `import { identity = { name = NAME } }` (Terraform 1.12+).
func (r *ConnectorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name := req.ID
	if name == "" && req.Identity != nil {
		var id connectorIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		if resp.Diagnostics.HasError() {
			return
		}
		name = id.Name.ValueString()
	}
	if !NamePattern.MatchString(name) {
		resp.Diagnostics.AddError("Invalid Haven OnDemand connector name", fmt.Sprintf("Import by the connector name (%s), got %q.", NameRule, name))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("stop_before_delete"), true)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, name)...)
}
