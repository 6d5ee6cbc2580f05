package elasticsearch

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// Update changes each group through its own sub-endpoint, so that a change never resets the rest
// of the connector; delete options, timeouts or a secrets version alone make no API call.
func (r *ConnectorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	base.Update(ctx, &r.Resource, req, resp, defaultTimeout, r.update)
}

func (r *ConnectorResource) update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, plan, state, config connectorModel) {
	id := state.ID.ValueString()
	what := "Elasticsearch connector " + id
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
	fail := func(aspect string, err error, next string) {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update the %s of %s", aspect, what), r.Platform.ErrorDetail(err, next))
	}
	const retry = "Fix the cause, then run `terraform apply` again: changes already made are kept."
	changed := func(a, b attr.Value) bool { return !a.IsUnknown() && !a.Equal(b) }
	apiCalls := 0

	if changed(plan.Name, state.Name) || changed(plan.Description, state.Description) {
		var name, desc *string
		if changed(plan.Name, state.Name) {
			name = knownString(plan.Name)
		}
		if changed(plan.Description, state.Description) {
			desc = knownString(plan.Description)
		}
		if name != nil || desc != nil {
			apiCalls++
			if _, err := r.Client.UpdateName(ctx, id, name, desc); err != nil {
				fail("name", err, retry)
				return
			}
		}
	}
	if changed(plan.ServiceType, state.ServiceType) && !plan.ServiceType.IsNull() {
		apiCalls++
		if _, err := r.Client.UpdateServiceType(ctx, id, plan.ServiceType.ValueString()); err != nil {
			fail("service type", err, retry)
			return
		}
	}
	// A native connector needs a content- index: attach the new index before becoming native,
	// and stop being native before attaching an index without the prefix.
	indexChanged := !plan.IndexName.Equal(state.IndexName)
	nativeChanged := changed(plan.IsNative, state.IsNative)
	updateIndex := func() bool {
		apiCalls++
		if _, err := r.Client.UpdateIndexName(ctx, id, knownString(plan.IndexName)); err != nil {
			fail("index name", err, retry)
			return false
		}
		return true
	}
	updateNative := func() bool {
		apiCalls++
		if _, err := r.Client.UpdateNative(ctx, id, plan.IsNative.ValueBool()); err != nil {
			fail("native flag", err, retry)
			return false
		}
		return true
	}
	switch {
	case indexChanged && nativeChanged && plan.IsNative.ValueBool():
		if !updateIndex() || !updateNative() {
			return
		}
	case indexChanged && nativeChanged:
		if !updateNative() || !updateIndex() {
			return
		}
	case indexChanged:
		if !updateIndex() {
			return
		}
	case nativeChanged:
		if !updateNative() {
			return
		}
	}
	if schedules := r.schedulesToSend(ctx, plan.Scheduling, state.Scheduling); len(schedules) > 0 {
		apiCalls++
		if _, err := r.Client.UpdateScheduling(ctx, id, schedules); err != nil {
			fail("scheduling", err, retry)
			return
		}
	}
	if changed(plan.Pipeline, state.Pipeline) {
		if p, ok := pipelineFrom(ctx, plan.Pipeline); ok {
			apiCalls++
			if _, err := r.Client.UpdatePipeline(ctx, id, p); err != nil {
				fail("pipeline", err, retry)
				return
			}
		}
	}
	if changed(plan.APIKeyID, state.APIKeyID) || changed(plan.APIKeySecretID, state.APIKeySecretID) {
		var keyID, secretID *string
		if changed(plan.APIKeyID, state.APIKeyID) {
			keyID = knownString(plan.APIKeyID)
		}
		if changed(plan.APIKeySecretID, state.APIKeySecretID) {
			secretID = knownString(plan.APIKeySecretID)
		}
		if keyID != nil || secretID != nil {
			apiCalls++
			if _, err := r.Client.UpdateAPIKeyID(ctx, id, keyID, secretID); err != nil {
				fail("API key id", err, retry)
				return
			}
		}
	}
	valuesChanged := !plan.ConfigurationValues.Equal(state.ConfigurationValues)
	// The secrets are sent when their version changed, or when they differ from the ones last
	// sent (the digest in private state; ModifyPlan planned this update and warned).
	secretsChanged := !plan.ConfigurationSecretsWOVersion.Equal(state.ConfigurationSecretsWOVersion)
	if !secretsChanged {
		var d diag.Diagnostics
		secretsChanged, d = secretsChangedSinceSent(ctx, req.Private, config.ConfigurationSecretsWO)
		resp.Diagnostics.Append(d...)
	}
	if valuesChanged || secretsChanged {
		secretsWO := config.ConfigurationSecretsWO
		if !secretsChanged {
			secretsWO = jsontypes.NewNormalizedNull()
		}
		values, secrets, diags := configurationValues(plan.ConfigurationValues, secretsWO)
		resp.Diagnostics.Append(diags...)
		if diags.HasError() {
			return
		}
		if len(values) > 0 {
			apiCalls++
			resp.Diagnostics.Append(r.hideSecretFields(ctx, secretsWO, secrets, resp.Private)...)
			if _, err := r.Client.UpdateConfigurationValues(ctx, id, values, secrets); err != nil {
				fail("configuration values", err, configurationNextStep)
				return
			}
			resp.Diagnostics.Append(keepSecretsDigest(ctx, resp.Private, secretsWO)...)
		}
	}
	if changed(plan.Features, state.Features) {
		if features, ok := featuresFrom(plan.Features); ok {
			apiCalls++
			if _, err := r.Client.UpdateFeatures(ctx, id, features); err != nil {
				fail("features", err, retry)
				return
			}
		}
	}
	if filteringToApply(ctx, plan.Filtering, state.Filtering, false) {
		apiCalls++
		if !r.applyFiltering(ctx, id, plan.Filtering, &resp.Diagnostics) {
			return
		}
	}
	if apiCalls == 0 {
		// Only delete options, timeouts or the secrets version without secrets changed: no API call.
		plan.Status = state.Status
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	planned := plan
	r.readInto(ctx, id, &plan, &resp.Diagnostics, what)
	if resp.Diagnostics.HasError() {
		return
	}
	// The connector service moves the status, error and last sync on its own: a move since the
	// plan was made shows at the next refresh instead of failing this apply as an inconsistent
	// result.
	if !planned.Status.IsUnknown() {
		plan.Status = planned.Status
	}
	if !planned.Error.IsUnknown() {
		plan.Error = planned.Error
	}
	if !planned.LastSync.IsUnknown() {
		plan.LastSync = planned.LastSync
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}
