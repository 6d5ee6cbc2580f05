package elasticsearch

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/elasticsearch/indexname"
	"github.com/syncops/terraform-provider-syncops/internal/elasticsearch/quartz"
)

// ValidateConfig holds the checks that need no server: the sync rules. (The content- prefix of
// native connectors depends on the version: ModifyPlan.)
func (r *ConnectorResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var filtering types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathFiltering, &filtering)...)
	validateFiltering(ctx, filtering, &resp.Diagnostics)
}

// ModifyPlan checks what depends on the server's version, asked once per provider process with
// GET /, and marks status unknown when a change moves it.
func (r *ConnectorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan connectorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	var state connectorModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		r.planSecretsChange(ctx, req, resp, plan)
	} else {
		state.Filtering, state.Features = types.ObjectNull(filteringAttrTypes), types.ObjectNull(featuresAttrTypes)
	}
	// Orders left out are the previous rule's plus one, shown in the plan.
	resp.Diagnostics.Append(planFilteringOrders(ctx, plan.Filtering, func(v types.Object) diag.Diagnostics {
		plan.Filtering = v
		return resp.Plan.SetAttribute(ctx, pathFiltering, v)
	})...)
	syncRuleFeatureWarnings(plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !r.Ready() {
		return
	}
	info, err := r.Client.Info(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the Elasticsearch version", fmt.Sprintf("GET / on %s failed: %v\n\nThe provider needs the version to check which connector features the cluster has.", r.Client.URL(), err))
		return
	}
	// From 9.0 an Elastic-managed connector's index must start with content- (elasticsearch#117778;
	// 8.x has no such rule). is_native may come from the state (it is computed), so the plan is
	// checked, not only the configuration.
	if info.AtLeast(9, 0) && plan.IsNative.ValueBool() && !plan.IndexName.IsNull() && !plan.IndexName.IsUnknown() {
		if err := indexname.ValidateNative(plan.IndexName.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("index_name"), "Invalid index name for an Elastic-managed connector",
				err.Error()+" (Elasticsearch 9.0 and later). This connector is Elastic-managed (is_native = true): use an index name "+
					"starting with \"content-\" (e.g. \"content-"+strings.TrimPrefix(plan.IndexName.ValueString(), "search-")+"\"), or set is_native = false.")
			return
		}
	}
	need := func(attr string, major, minor int, why string) {
		if !info.AtLeast(major, minor) {
			resp.Diagnostics.AddAttributeError(path.Root(attr), fmt.Sprintf("%s needs Elasticsearch %d.%d or later", attr, major, minor),
				fmt.Sprintf("The cluster at %s runs Elasticsearch %s. %s", r.Client.URL(), info.Version, why))
		}
	}
	need("id", 8, 13, "The connector resource uses the _service_type, _index_name, _api_key_id and _native endpoints that came with 8.13.")
	if plan.HardDelete.ValueBool() {
		need("hard_delete", 9, 0, "Before 9.0 every connector delete is already a hard delete: remove `hard_delete` (or set it to false).")
	}
	if plan.DeleteSyncJobs.ValueBool() {
		need("delete_sync_jobs", 8, 14, "Delete the sync jobs separately, or upgrade the cluster.")
	}
	if creating && plan.IndexName.IsNull() {
		need("index_name", 8, 16, "Before 8.16 a connector must be created with an index: set `index_name`.")
	}
	if filteringToApply(ctx, plan.Filtering, state.Filtering, creating) {
		need("filtering", 8, 14, "Sync rules are activated through _filtering/_activate, which came with 8.14.")
	}
	if _, ok := featuresFrom(plan.Features); ok && !plan.Features.Equal(state.Features) {
		need("features", 8, 15, "Features are set through _features, which came with 8.15.")
		if info.Serverless() {
			resp.Diagnostics.AddAttributeError(path.Root("features"), "features cannot be set on Elastic Cloud Serverless",
				"Serverless projects have no _features endpoint: remove `features` (the connector service reports them).")
		}
	}
}

// planSecretsChange marks status unknown when a change moves it: service type, native flag,
// configuration values, and configuration secrets sent again (a new version, or secrets that
// differ from the digest of the ones last sent: Update sends them, and `_configuration` sets the
// status to configured, so status is the computed value that honestly changes).
func (r *ConnectorResource) planSecretsChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan connectorModel) {
	var state connectorModel
	var secretsWO jsontypes.Normalized
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("configuration_secrets_wo"), &secretsWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	moved := !plan.ServiceType.Equal(state.ServiceType) || !plan.IsNative.Equal(state.IsNative) ||
		!plan.ConfigurationValues.Equal(state.ConfigurationValues) || !plan.ConfigurationSecretsWOVersion.Equal(state.ConfigurationSecretsWOVersion)
	if plan.ConfigurationSecretsWOVersion.Equal(state.ConfigurationSecretsWOVersion) {
		changed, d := secretsChangedSinceSent(ctx, req.Private, secretsWO)
		resp.Diagnostics.Append(d...)
		if changed {
			moved = true
			resp.Diagnostics.AddAttributeWarning(path.Root("configuration_secrets_wo"), "configuration_secrets_wo changed since it was last sent; it will be sent",
				"The write-only configuration_secrets_wo differs from the value this provider last sent (a salted digest of it is kept in private state, never the value), "+
					"so this apply sends it through `_configuration` although configuration_secrets_wo_version did not change.")
		}
	}
	if moved {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	}
}

// connectorIDPattern keeps ids usable as one URL path segment (generated ids are URL-safe
// base64, so `-` and `_` may come first).
var connectorIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// reservedConnectorIDs would address another route or no connector at all: GET
// /_connector/_sync_job answers with the sync job list, which reads as an empty connector.
var reservedConnectorIDs = []string{"_sync_job", "_secret", ".", ".."}

// connectorIDValidators are the checks of every connector id a user writes.
func connectorIDValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, 512),
		stringvalidator.RegexMatches(connectorIDPattern, "must hold only letters, digits, `.`, `_` and `-`"),
		stringvalidator.NoneOf(reservedConnectorIDs...),
	}
}

// checkConnectorID is connectorIDValidators for ids that skip the schema (import).
func checkConnectorID(id string) error {
	if len(id) < 1 || len(id) > 512 || !connectorIDPattern.MatchString(id) || slices.Contains(reservedConnectorIDs, id) {
		return fmt.Errorf("%q is not an Elasticsearch connector id: expected 1 to 512 letters, digits, `.`, `_` and `-`, other than %s",
			id, strings.Join(reservedConnectorIDs, ", "))
	}
	return nil
}

type indexNameValidator struct{}

func (indexNameValidator) Description(context.Context) string {
	return "a valid Elasticsearch index name"
}
func (v indexNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (indexNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := indexname.Validate(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid index name", err.Error()+
			". Index names do not start with `_`, `-` or `+`, hold none of `\\ / * ? \" < > | , # :` or spaces, are not `.` or `..`, and are at most 255 bytes.")
	}
}

type cronValidator struct{}

func (cronValidator) Description(context.Context) string {
	return "a Quartz-style cron expression such as `0 0 0 * * ?`"
}
func (v cronValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (cronValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := quartz.Validate(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid schedule interval", err.Error()+
			`. Elasticsearch wants a Quartz cron expression with seconds, e.g. "0 0 0 * * ?" (daily at midnight) or "0 */30 * ? * MON-FRI".`)
	}
}
