package haven

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// credentialsDigest keeps, in private state, a salted digest of the credentials_wo last sent, so
// that a change of the credentials themselves is seen without a credentials_wo_version bump.
var credentialsDigest = base.WriteOnlyDigest{Key: "wo_digest_credentials"}

// credentialsChanged reports configured credentials that differ from the digest of those last
// sent. Without a digest (an imported connector, or one created by an older provider) it cannot
// tell and reports false: credentials_wo_version alone decides.
func credentialsChanged(ctx context.Context, private base.PrivateGetter, config connectorModel) (bool, diag.Diagnostics) {
	if config.CredentialsWO.IsNull() || config.CredentialsWO.IsUnknown() {
		return false, nil
	}
	changed, known, diags := credentialsDigest.Changed(ctx, private, config.CredentialsWO.ValueString())
	return changed && known, diags
}

// sendCredentials reports whether an update sends credentials_wo: configured, and either its
// version changed (the way to send the same value again) or the value differs from the one last sent.
func sendCredentials(ctx context.Context, private base.PrivateGetter, plan, state, config connectorModel) (bool, diag.Diagnostics) {
	if config.CredentialsWO.IsNull() {
		return false, nil
	}
	if !plan.CredentialsWOVersion.Equal(state.CredentialsWOVersion) {
		return true, nil
	}
	return credentialsChanged(ctx, private, config)
}

// keepCredentialsDigest records the credentials just sent.
func keepCredentialsDigest(ctx context.Context, private base.PrivateSetter, sent string) diag.Diagnostics {
	if sent == "" {
		return nil
	}
	return credentialsDigest.Store(ctx, private, sent)
}

// planCredentialsChange makes an update plan send credentials_wo when it changed since it was last
// sent while credentials_wo_version did not: status becomes unknown, as it is in every update
// (the update reads the connector again once its job has ended, and a run may have started or
// ended meanwhile), so the plan holds an update, and a warning names the attribute. A version
// change already plans the update and sends the value.
func planCredentialsChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state, config connectorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || plan.CredentialsWOVersion.IsUnknown() || !plan.CredentialsWOVersion.Equal(state.CredentialsWOVersion) {
		return
	}
	changed, diags := credentialsChanged(ctx, req.Private, config)
	resp.Diagnostics.Append(diags...)
	if !changed {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	resp.Diagnostics.AddAttributeWarning(path.Root("credentials_wo"), "credentials_wo changed since it was last sent; it will be sent",
		"The configured credentials_wo differs from the value this provider last sent to Haven OnDemand (a salted digest of it is kept in private state, never the value), "+
			"so this update sends it although credentials_wo_version did not change. Change credentials_wo_version to send the same value again.")
}
