package elasticsearch

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// Create writes the connector with what a create body can carry, saves its id to state, then sets
// the rest through the sub-endpoints.
func (r *ConnectorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	base.Create(ctx, &r.Resource, req, resp, defaultTimeout, r.create)
}

func (r *ConnectorResource) create(ctx context.Context, _ resource.CreateRequest, resp *resource.CreateResponse, plan, config connectorModel) {
	id := plan.ConnectorID.ValueString()
	what := "Elasticsearch connector"
	if id != "" {
		what += " " + id
		// A PUT on an existing id would reset that connector to defaults: refuse instead.
		existing, err := r.Client.GetConnector(ctx, id)
		switch {
		case err == nil && !existing.Deleted:
			resp.Diagnostics.AddAttributeError(path.Root("connector_id"), "Unable to create "+what,
				fmt.Sprintf("A connector with id %q already exists on %s. Creating it again would reset its whole configuration. "+
					"Import it instead: terraform import <address> %s", id, r.Client.URL(), id))
			return
		case err != nil && !transport.IsNotFound(err):
			resp.Diagnostics.AddError("Unable to create "+what, r.Platform.ErrorDetail(err, "Check that the connector id is free, then run `terraform apply` again."))
			return
		}
	}
	body := CreateConnectorRequest{
		Name:        knownString(plan.Name),
		Description: knownString(plan.Description),
		IndexName:   knownString(plan.IndexName),
		ServiceType: knownString(plan.ServiceType),
		Language:    knownString(plan.Language),
	}
	if !plan.IsNative.IsUnknown() && !plan.IsNative.IsNull() {
		v := plan.IsNative.ValueBool()
		body.IsNative = &v
	}
	newID, err := r.createConnector(ctx, id, body)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create "+what, r.Platform.ErrorDetail(err, "Fix the cause above, then run `terraform apply` again."))
		return
	}
	// The id goes to state before anything else, so a failure below never loses the connector.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), newID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connector_id"), newID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_sync_jobs"), plan.DeleteSyncJobs)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("hard_delete"), plan.HardDelete)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("timeouts"), plan.Timeouts)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	what = "Elasticsearch connector " + newID

	// What the create body cannot carry goes through the sub-endpoints.
	if schedules := r.schedulesToSend(ctx, plan.Scheduling, types.ObjectNull(schedulingAttrTypes)); len(schedules) > 0 {
		if _, err := r.Client.UpdateScheduling(ctx, newID, schedules); err != nil {
			resp.Diagnostics.AddError("Unable to set the scheduling of "+what, r.Platform.ErrorDetail(err, createdNextStep))
			return
		}
	}
	if p, ok := pipelineFrom(ctx, plan.Pipeline); ok {
		if _, err := r.Client.UpdatePipeline(ctx, newID, p); err != nil {
			resp.Diagnostics.AddError("Unable to set the pipeline of "+what, r.Platform.ErrorDetail(err, createdNextStep))
			return
		}
	}
	keyID, secretID := knownString(plan.APIKeyID), knownString(plan.APIKeySecretID)
	if keyID != nil || secretID != nil {
		if _, err := r.Client.UpdateAPIKeyID(ctx, newID, keyID, secretID); err != nil {
			resp.Diagnostics.AddError("Unable to set the API key id of "+what, r.Platform.ErrorDetail(err, createdNextStep))
			return
		}
	}
	if values, secrets, diags := configurationValues(plan.ConfigurationValues, config.ConfigurationSecretsWO); diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	} else if len(values) > 0 {
		resp.Diagnostics.Append(r.hideSecretFields(ctx, config.ConfigurationSecretsWO, secrets, resp.Private)...)
		if _, err := r.Client.UpdateConfigurationValues(ctx, newID, values, secrets); err != nil {
			resp.Diagnostics.AddError("Unable to set the configuration values of "+what, r.Platform.ErrorDetail(err, configurationNextStep))
			return
		}
		resp.Diagnostics.Append(keepSecretsDigest(ctx, resp.Private, config.ConfigurationSecretsWO)...)
	}
	if features, ok := featuresFrom(plan.Features); ok {
		if _, err := r.Client.UpdateFeatures(ctx, newID, features); err != nil {
			resp.Diagnostics.AddError("Unable to set the features of "+what, r.Platform.ErrorDetail(err, createdNextStep))
			return
		}
	}
	if filteringToApply(ctx, plan.Filtering, types.ObjectNull(filteringAttrTypes), true) && !r.applyFiltering(ctx, newID, plan.Filtering, &resp.Diagnostics) {
		return
	}
	r.readInto(ctx, newID, &plan, &resp.Diagnostics, what)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

const createdNextStep = "The connector was created and is recorded in state (marked tainted). Fix the cause, then run `terraform apply` again."

const configurationNextStep = "Elasticsearch only accepts values for configuration fields that the connector service has registered. " +
	"Start the connector service for this connector (or register the fields with `PUT /_connector/<id>/_configuration`), then run `terraform apply` again."

// createConnector sends the create, and sends it again only when its answer was lost and the
// connector it would have made does not show up (wait.Create). With a requested id, that is the
// connector under the id (Create checked that the id was free). Without one, index names are
// unique among connectors, so it is the one connector using the requested index. With neither,
// nothing tells a new connector apart: the create is never sent again, and the error says where to
// look.
func (r *ConnectorResource) createConnector(ctx context.Context, id string, body CreateConnectorRequest) (string, error) {
	opts := wait.CreateOptions{What: "Elasticsearch connector " + id}
	var find func(context.Context) (string, bool, error)
	switch {
	case id != "":
		find = func(ctx context.Context) (string, bool, error) {
			_, err := r.Client.GetConnector(ctx, id)
			if transport.IsNotFound(err) {
				return "", false, nil
			}
			return id, err == nil, err
		}
	case body.IndexName != nil:
		index := *body.IndexName
		opts.What = "the Elasticsearch connector of index " + index
		find = func(ctx context.Context) (string, bool, error) {
			found, err := r.Client.ListConnectors(ctx, ListFilter{IndexNames: []string{index}})
			switch {
			case err != nil:
				return "", false, err
			case len(found) > 1:
				return "", false, fmt.Errorf("%d connectors use index %s: import the right one", len(found), index)
			case len(found) == 1:
				return found[0].ID, true, nil
			}
			return "", false, nil
		}
	}
	created, err := wait.Create(ctx, opts, func(ctx context.Context) (string, error) {
		return r.Client.CreateConnector(ctx, id, body)
	}, find)
	if err != nil && find == nil && transport.MaybeProcessed(err) {
		return "", fmt.Errorf("%w. A connector may have been created: look for it with GET /_connector and import it, or delete it", err)
	}
	return created.Value, err
}
