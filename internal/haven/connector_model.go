package haven

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// specOf is the createconnector call of a plan; the credentials come from the configuration
// (write-only, never in the plan).
func specOf(plan, config connectorModel) Spec {
	spec := Spec{
		Name:        plan.Name.ValueString(),
		Flavor:      plan.Flavor.ValueString(),
		Config:      plan.Config.ValueString(),
		Destination: plan.Destination.ValueString(),
		Schedule:    plan.Schedule.ValueString(),
		Description: plan.Description.ValueString(),
		Credentials: config.CredentialsWO.ValueString(),
	}
	if !plan.CredentialsPolicy.IsUnknown() {
		spec.CredentialsPolicy = plan.CredentialsPolicy.ValueString()
	}
	return spec
}

// updateOf is the updateconnector call that takes the state to the plan: each changed block,
// whole, and the configured credentials when withCredentials (sendCredentials). cancelSchedule
// reports a schedule removed, which needs cancelconnectorschedule.
func updateOf(plan, state, config connectorModel, withCredentials bool) (u Update, cancelSchedule bool) {
	u = Update{Name: state.ID.ValueString()}
	if changed(plan.Config, state.Config) {
		u.Config = ptr(plan.Config.ValueString())
	}
	if changed(plan.Destination, state.Destination) {
		u.Destination = ptr(plan.Destination.ValueString())
	}
	cancelSchedule = plan.Schedule.IsNull() && !state.Schedule.IsNull()
	if !plan.Schedule.IsNull() && changed(plan.Schedule, state.Schedule) {
		u.Schedule = ptr(plan.Schedule.ValueString())
	}
	if !plan.CredentialsPolicy.IsUnknown() && !plan.CredentialsPolicy.IsNull() && changed(plan.CredentialsPolicy, state.CredentialsPolicy) {
		u.CredentialsPolicy = ptr(plan.CredentialsPolicy.ValueString())
	}
	if !plan.Description.Equal(state.Description) {
		u.Description = ptr(plan.Description.ValueString())
	}
	if withCredentials && !config.CredentialsWO.IsNull() {
		u.Credentials = ptr(config.CredentialsWO.ValueString())
	}
	return u, cancelSchedule
}

func changed(plan, state jsontypes.Normalized) bool {
	if plan.IsNull() != state.IsNull() {
		return true
	}
	if plan.IsNull() {
		return false
	}
	eq, _ := plan.StringSemanticEquals(context.Background(), state)
	return !eq
}

func ptr(s string) *string { return &s }

// read refreshes m as readConnector does.
func (r *ConnectorResource) read(ctx context.Context, m *connectorModel) (found bool, diags diag.Diagnostics) {
	return readConnector(ctx, r.Client, m)
}

// readConnector refreshes m (whose id names the connector) from retrieveconfig, the only source of
// the configuration blocks, and, for a cloud connector, its status (Client.CurrentStatus: from the
// listing of a refresh of many connectors when it can answer). found is false when the connector
// does not exist. Read, the post-write reads and the list resource all map a connector here, so
// that a configuration generated from a listing plans empty.
func readConnector(ctx context.Context, c *Client, m *connectorModel) (found bool, diags diag.Diagnostics) {
	name := m.ID.ValueString()
	summary := "Unable to read Haven OnDemand connector " + name
	cfg, err := c.RetrieveConfig(ctx, name)
	if IsNotFound(err) {
		return false, nil
	}
	known := !m.Flavor.IsNull() && !m.Flavor.IsUnknown() && !m.Config.IsUnknown()
	switch {
	case NeedsDecryptionToken(err) && known:
		// A cloud connector with credentials shows its configuration only with the token Haven
		// emailed: keep what the state (or the plan just applied) holds, and say so.
		diags.AddWarning("Configuration of Haven OnDemand connector "+name+" not read",
			"Haven OnDemand answers retrieveconfig for a cloud connector with credentials only with the decryption token it emailed, "+
				"and none is configured for this connector: the configuration in the state is kept, so changes made in Haven OnDemand to "+
				"config, destination, schedule, credentials_policy or description do not show. Set decryption_tokens = { "+name+
				" = \"...\" } in the haven provider block (or HAVEN_DECRYPTION_TOKENS) to read it.")
	case err != nil:
		diags.AddError(summary, err.Error())
		return true, diags
	default:
		m.Name = types.StringValue(cfg.Name)
		m.Flavor = types.StringValue(cfg.Flavor)
		b := blocksOf(cfg)
		m.Config, m.Destination, m.Schedule, m.CredentialsPolicy, m.Description = b.config, b.destination, b.schedule, b.credentialsPolicy, b.description
	}
	if m.StopBeforeDelete.IsNull() || m.StopBeforeDelete.IsUnknown() {
		m.StopBeforeDelete = types.BoolValue(true)
	}
	if m.DownloadLink.IsUnknown() {
		m.DownloadLink = types.MapNull(types.StringType)
	}
	m.Status = types.StringNull()
	if !IsOnsite(m.Flavor.ValueString()) {
		status, err := c.CurrentStatus(ctx, name)
		if IsNotFound(err) {
			return false, nil
		}
		if err != nil {
			diags.AddError(summary, err.Error())
			return true, diags
		}
		m.Status = types.StringValue(status)
	}
	return true, diags
}

// storedBlocks are the configuration blocks of a retrieveconfig answer as the resource and the data
// source hold them: compact JSON (null when absent), and a description (null when empty).
type storedBlocks struct {
	config, destination, schedule, credentialsPolicy jsontypes.Normalized
	description                                      types.String
}

func blocksOf(cfg *StoredConfig) storedBlocks {
	b := storedBlocks{
		config: normalized(cfg.Config.Config), destination: normalized(cfg.Config.Destination),
		schedule: normalized(cfg.Config.Schedule), credentialsPolicy: normalized(cfg.Config.CredentialsPolicy),
		description: types.StringNull(),
	}
	if d := cfg.Config.Description; d != nil && *d != "" {
		b.description = types.StringValue(*d)
	}
	return b
}

// normalized turns an API JSON block into a compact Normalized value (null when absent).
func normalized(raw json.RawMessage) jsontypes.Normalized {
	if len(raw) == 0 || string(raw) == "null" {
		return jsontypes.NewNormalizedNull()
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return jsontypes.NewNormalizedValue(string(raw))
	}
	return jsontypes.NewNormalizedValue(buf.String())
}
