package jim

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithIdentity = (*RunProfileResource)(nil)

// runProfileIdentity is the identity of a run profile (Terraform 1.12+): JIM addresses a run
// profile under its connected system, so both ids.
type runProfileIdentity struct {
	ConnectedSystemID types.Int64 `tfsdk:"connected_system_id"`
	ID                types.Int64 `tfsdk:"id"`
}

func (r *RunProfileResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"connected_system_id": identityschema.Int64Attribute{
				RequiredForImport: true,
				Description:       "Id of the run profile's connected system.",
			},
			"id": identityschema.Int64Attribute{
				RequiredForImport: true,
				Description:       "Run profile id.",
			},
		},
	}
}

// setRunProfileIdentity records the identity; identity is nil when the CLI has no identities.
func setRunProfileIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, csID, id int64) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, runProfileIdentity{ConnectedSystemID: types.Int64Value(csID), ID: types.Int64Value(id)})
}

// runProfileIDsFromIdentity reads the ids of an `import { identity = {...} }` block.
func runProfileIDsFromIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity) (csID, id int64, diags diag.Diagnostics) {
	if identity == nil {
		diags.AddError("Missing import id", "Import a JIM run profile by <connected_system_id>/<run_profile_id>, for example 12/7, or an import block with identity.")
		return 0, 0, diags
	}
	var m runProfileIdentity
	diags.Append(identity.Get(ctx, &m)...)
	if diags.HasError() {
		return 0, 0, diags
	}
	if m.ConnectedSystemID.ValueInt64() <= 0 || m.ID.ValueInt64() <= 0 {
		diags.AddError("Invalid import identity", fmt.Sprintf("identity.connected_system_id and identity.id must be positive ids (12 and 7, say), not %s and %s.", m.ConnectedSystemID, m.ID))
		return 0, 0, diags
	}
	return m.ConnectedSystemID.ValueInt64(), m.ID.ValueInt64(), diags
}
