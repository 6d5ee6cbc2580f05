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

var _ resource.ResourceWithIdentity = (*ConnectedSystemResource)(nil)

// connectedSystemIdentity is the identity of a connected system (Terraform 1.12+): its id, a
// number as in JIM's API.
type connectedSystemIdentity struct {
	ID types.Int64 `tfsdk:"id"`
}

func (r *ConnectedSystemResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.Int64Attribute{
				RequiredForImport: true,
				Description:       "Connected system id.",
			},
		},
	}
}

// setSystemIdentity records the identity of system id; identity is nil when the CLI has no
// identities (Terraform before 1.12).
func setSystemIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id int64) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, connectedSystemIdentity{ID: types.Int64Value(id)})
}

// systemIDFromIdentity reads the id of an `import { identity = { id = ... } }` block.
func systemIDFromIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity) (int64, diag.Diagnostics) {
	var diags diag.Diagnostics
	if identity == nil {
		diags.AddError("Missing import id", "Import a JIM connected system by its id (terraform import ... 12, or an import block with id or identity).")
		return 0, diags
	}
	var m connectedSystemIdentity
	diags.Append(identity.Get(ctx, &m)...)
	if diags.HasError() {
		return 0, diags
	}
	if m.ID.IsNull() || m.ID.IsUnknown() || m.ID.ValueInt64() <= 0 {
		diags.AddError("Invalid import identity", fmt.Sprintf("identity.id must be a positive connected system id such as 12, not %s.", m.ID))
		return 0, diags
	}
	return m.ID.ValueInt64(), diags
}
