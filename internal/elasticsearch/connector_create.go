package elasticsearch

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

func (r *ConnectorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config connectorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if clientUnknown(r.client, &resp.Diagnostics, "create an Elasticsearch connector") {
		return
	}
	id := plan.ConnectorID.ValueString()
	what := "Elasticsearch connector"
	if id != "" {
		what += " " + id
		// A PUT on an existing id would reset that connector to defaults: refuse instead.
		existing, err := r.client.GetConnector(ctx, id)
		switch {
		case err == nil && !existing.Deleted:
			resp.Diagnostics.AddAttributeError(path.Root("connector_id"), "Unable to create "+what,
				fmt.Sprintf("A connector with id %q already exists on %s. Creating it again would reset its whole configuration. "+
					"Import it instead: terraform import <address> %s", id, r.client.URL(), id))
			return
		case err != nil && !transport.IsNotFound(err):
			resp.Diagnostics.AddError("Unable to create "+what, apiErrorDetail(err, "Check that the connector id is free, then run `terraform apply` again."))
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
	newID, err := r.client.CreateConnector(ctx, id, body)
	for attempt := 1; err != nil && attempt <= 3; attempt++ {
		var retry bool
		if newID, retry, err = r.recoverLostCreate(ctx, err, id, body); retry {
			// The server shows that the create was not processed: sending it again is safe.
			newID, err = r.client.CreateConnector(ctx, id, body)
		} else {
			break
		}
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to create "+what, apiErrorDetail(err, "Fix the cause above, then run `terraform apply` again."))
		return
	}
	// The id goes to state before anything else, so a failure below never loses the connector.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), newID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connector_id"), newID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_sync_jobs"), plan.DeleteSyncJobs)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("hard_delete"), plan.HardDelete)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("timeouts"), plan.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	what = "Elasticsearch connector " + newID

	// What the create body cannot carry goes through the sub-endpoints.
	if schedules := changedSchedules(plan.Scheduling, types.ObjectNull(schedulingAttrTypes)); len(schedules) > 0 {
		if _, err := r.client.UpdateScheduling(ctx, newID, schedules); err != nil {
			resp.Diagnostics.AddError("Unable to set the scheduling of "+what, apiErrorDetail(err, createdNextStep))
			return
		}
	}
	if p, ok := pipelineFrom(ctx, plan.Pipeline); ok {
		if _, err := r.client.UpdatePipeline(ctx, newID, p); err != nil {
			resp.Diagnostics.AddError("Unable to set the pipeline of "+what, apiErrorDetail(err, createdNextStep))
			return
		}
	}
	keyID, secretID := knownString(plan.APIKeyID), knownString(plan.APIKeySecretID)
	if keyID != nil || secretID != nil {
		if _, err := r.client.UpdateAPIKeyID(ctx, newID, keyID, secretID); err != nil {
			resp.Diagnostics.AddError("Unable to set the API key id of "+what, apiErrorDetail(err, createdNextStep))
			return
		}
	}
	if values, secrets, diags := configurationValues(plan.ConfigurationValues, config.ConfigurationSecretsWO); diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	} else if len(values) > 0 {
		resp.Diagnostics.Append(r.hideSecretFields(ctx, config.ConfigurationSecretsWO, secrets, resp.Private)...)
		if _, err := r.client.UpdateConfigurationValues(ctx, newID, values, secrets); err != nil {
			resp.Diagnostics.AddError("Unable to set the configuration values of "+what, apiErrorDetail(err, configurationNextStep))
			return
		}
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

// lostCreateWindow is how long the connector of a create whose answer was lost is given to show
// up before the create is taken as never processed and sent again: a busy cluster may still be
// processing it, and a PUT sent again on an id it then creates would reset the connector.
const lostCreateWindow = 5 * time.Second

// recoverLostCreate finds the connector of a create that may have been processed although its
// answer was lost or was a 5xx: index names are unique among connectors, so the connector using
// the requested index is the one that was created. retry is true when none showed up within
// lostCreateWindow, so that the create can safely be sent again.
func (r *ConnectorResource) recoverLostCreate(ctx context.Context, err error, wantID string, body CreateConnectorRequest) (id string, retry bool, _ error) {
	if !transport.MaybeProcessed(err) {
		return "", false, err
	}
	if wantID != "" {
		// Create checked that the id was free: a connector under it now is the one this PUT made.
		found, gerr := wait.Appear(ctx, lostCreateWindow, "Elasticsearch connector "+wantID+" after a lost create answer", func(ctx context.Context) (bool, error) {
			_, gerr := r.client.GetConnector(ctx, wantID)
			if transport.IsNotFound(gerr) {
				return false, nil
			}
			return gerr == nil, gerr
		})
		switch {
		case found:
			tflog.Warn(ctx, "the answer to the connector create was lost; the connector exists", map[string]any{"id": wantID})
			return wantID, false, nil
		case gerr == nil:
			return "", true, err
		default:
			return "", false, fmt.Errorf("%w; checking whether connector %s was created also failed: %v", err, wantID, gerr) //nolint:errorlint // only the create's error is wrapped
		}
	}
	if body.IndexName == nil {
		return "", false, fmt.Errorf("%w. A connector may have been created: look for it with GET /_connector and import it, or delete it", err)
	}
	var found []Connector
	_, lerr := wait.Appear(ctx, lostCreateWindow, "the Elasticsearch connector of index "+*body.IndexName+" after a lost create answer", func(ctx context.Context) (bool, error) {
		var lerr error
		found, lerr = r.client.ListConnectors(ctx, ListFilter{IndexNames: []string{*body.IndexName}})
		return len(found) > 0, lerr
	})
	if lerr != nil {
		return "", false, fmt.Errorf("%w; looking for the connector of index %s also failed: %v", err, *body.IndexName, lerr) //nolint:errorlint // only the first error is wrapped: callers classify by it (IsNotFound, MaybeProcessed), the failed check is context
	}
	switch len(found) {
	case 0:
		tflog.Info(ctx, "the connector create was not processed; sending it again", map[string]any{"index_name": *body.IndexName})
		return "", true, err
	case 1:
		tflog.Warn(ctx, "the answer to the connector create was lost; found the created connector by its index name", map[string]any{"id": found[0].ID})
		return found[0].ID, false, nil
	}
	return "", false, fmt.Errorf("%w. %d connectors use index %s: import the right one", err, len(found), *body.IndexName)
}
