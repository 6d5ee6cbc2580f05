package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/elasticsearch/indexname"
	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

const defaultTimeout = 10 * time.Minute

var (
	_ resource.ResourceWithConfigure      = &ConnectorResource{}
	_ resource.ResourceWithImportState    = &ConnectorResource{}
	_ resource.ResourceWithModifyPlan     = &ConnectorResource{}
	_ resource.ResourceWithValidateConfig = &ConnectorResource{}
)

// ConnectorResource is syncops_elasticsearch_connector.
type ConnectorResource struct {
	client *Client
}

// NewConnectorResource is the resource factory.
func NewConnectorResource() resource.Resource { return &ConnectorResource{} }

func (r *ConnectorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_elasticsearch_connector"
}

func (r *ConnectorResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = connectorSchema(ctx)
}

func (r *ConnectorResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, ok, diags := providerdata.Client[*Client](req.ProviderData, "elasticsearch")
	resp.Diagnostics.Append(diags...)
	if ok {
		r.client = c
	}
}

// ValidateConfig holds the checks that need no server: the content- prefix of native connectors.
func (r *ConnectorResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var native types.Bool
	var index types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("is_native"), &native)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("index_name"), &index)...)
	if native.ValueBool() && !index.IsNull() && !index.IsUnknown() {
		if err := indexname.ValidateNative(index.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("index_name"), "Invalid index name for an Elastic-managed connector",
				err.Error()+". Rename the index (e.g. \"content-"+strings.TrimPrefix(index.ValueString(), "search-")+"\") or set is_native = false.")
		}
	}
}

// ModifyPlan checks what depends on the server's version, asked once per provider process with
// GET /, and marks status unknown when a change moves it.
func (r *ConnectorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan connectorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	// is_native may come from the state (it is computed), so the content- prefix is checked on
	// the plan too, not only in ValidateConfig.
	if plan.IsNative.ValueBool() && !plan.IndexName.IsNull() && !plan.IndexName.IsUnknown() {
		if err := indexname.ValidateNative(plan.IndexName.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("index_name"), "Invalid index name for an Elastic-managed connector",
				err.Error()+". This connector is Elastic-managed (is_native = true): use an index name starting with \"content-\", or set is_native = false.")
			return
		}
	}
	if !creating {
		var state connectorModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if !plan.ServiceType.Equal(state.ServiceType) || !plan.IsNative.Equal(state.IsNative) ||
			!plan.ConfigurationValues.Equal(state.ConfigurationValues) || !plan.ConfigurationSecretsWOVersion.Equal(state.ConfigurationSecretsWOVersion) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		}
	}
	info, err := r.client.Info(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the Elasticsearch version", fmt.Sprintf("GET / on %s failed: %v\n\nThe provider needs the version to check which connector features the cluster has.", r.client.URL(), err))
		return
	}
	need := func(attr string, major, minor int, why string) {
		if !info.AtLeast(major, minor) {
			resp.Diagnostics.AddAttributeError(path.Root(attr), fmt.Sprintf("%s needs Elasticsearch %d.%d or later", attr, major, minor),
				fmt.Sprintf("The cluster at %s runs Elasticsearch %s. %s", r.client.URL(), info.Version, why))
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
}

func (r *ConnectorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if name, ok := strings.CutPrefix(req.ID, "name:"); ok {
		// Connector names are not unique: exactly one connector must carry it.
		if r.client == nil {
			resp.Diagnostics.AddError("Elasticsearch is not configured", "Importing by name needs the elasticsearch provider block.")
			return
		}
		found, err := r.client.ListConnectors(ctx, ListFilter{Query: name})
		if err != nil {
			resp.Diagnostics.AddError("Unable to look up Elasticsearch connectors named "+strconv.Quote(name), err.Error())
			return
		}
		var ids []string
		for _, c := range found {
			if c.Name != nil && *c.Name == name {
				ids = append(ids, c.ID)
			}
		}
		switch len(ids) {
		case 0:
			resp.Diagnostics.AddError("No Elasticsearch connector named "+strconv.Quote(name), "Import by id instead: terraform import <address> <connector_id>.")
			return
		case 1:
			id = ids[0]
		default:
			resp.Diagnostics.AddError("Several Elasticsearch connectors are named "+strconv.Quote(name),
				"Connector names are not unique; these connectors share it: "+strings.Join(ids, ", ")+". Import one by id: terraform import <address> <connector_id>.")
			return
		}
	} else if err := checkConnectorID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid Elasticsearch connector import id", err.Error()+". Import by the connector id, as GET /_connector lists it, or by name:<connector name>.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connector_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_sync_jobs"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("hard_delete"), false)...)
}

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

// privateSecretFields is the private state key of the names (never the values) of the
// configuration fields written from configuration_secrets_wo, so that a later Read hides their
// values in logs although the write-only values are gone.
const privateSecretFields = "configuration_secret_fields"

// privateState is what Create and Update responses offer for private state.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// hideSecretFields hides the write-only values and their fields' values in every later answer
// of this process, and records the field names for the Reads of later runs.
func (r *ConnectorResource) hideSecretFields(ctx context.Context, secretsWO jsontypes.Normalized, secrets []string, private privateState) diag.Diagnostics {
	if secretsWO.IsNull() || secretsWO.IsUnknown() {
		return nil
	}
	var sec map[string]json.RawMessage
	if json.Unmarshal([]byte(secretsWO.ValueString()), &sec) != nil || len(sec) == 0 {
		return nil
	}
	// The names of earlier secrets stay: their values are still on the server.
	names := map[string]bool{}
	if b, d := private.GetKey(ctx, privateSecretFields); !d.HasError() && len(b) > 0 {
		var earlier []string
		if json.Unmarshal(b, &earlier) == nil {
			for _, n := range earlier {
				names[n] = true
			}
		}
	}
	current := make([]string, 0, len(sec))
	for k := range sec {
		current = append(current, k)
		names[k] = true
	}
	r.client.HideConfigurationSecrets(current, secrets)
	all := make([]string, 0, len(names))
	for n := range names {
		all = append(all, n)
	}
	sort.Strings(all)
	b, err := json.Marshal(all)
	if err != nil {
		return nil
	}
	return private.SetKey(ctx, privateSecretFields, b)
}

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

func (r *ConnectorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	if r.client == nil {
		// The provider block is not known yet (plan with endpoints from another resource): keep
		// the state as it is; the refresh happens once the block is known.
		return
	}
	if b, d := req.Private.GetKey(ctx, privateSecretFields); !d.HasError() && len(b) > 0 {
		var fields []string
		if json.Unmarshal(b, &fields) == nil {
			r.client.HideConfigurationSecrets(fields, nil)
		}
	}
	c, err := r.client.GetConnector(ctx, id)
	if transport.IsNotFound(err) || (err == nil && c.Deleted) {
		resp.Diagnostics.AddWarning("Elasticsearch connector "+id+" is gone",
			"It was not found on "+r.client.URL()+" (deleted outside Terraform), so it is removed from the state; the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Elasticsearch connector "+id, apiErrorDetail(err, "Run `terraform plan` again once the cluster answers."))
		return
	}
	if state.DeleteSyncJobs.IsNull() {
		state.DeleteSyncJobs = types.BoolValue(false)
	}
	if state.HardDelete.IsNull() {
		state.HardDelete = types.BoolValue(false)
	}
	resp.Diagnostics.Append(state.fromAPI(c)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// readInto reads the connector after a change into m.
func (r *ConnectorResource) readInto(ctx context.Context, id string, m *connectorModel, d *diag.Diagnostics, what string) {
	c, err := r.client.GetConnector(ctx, id)
	if err != nil {
		d.AddError("Unable to read "+what+" after the change", apiErrorDetail(err, "The change was made. Run `terraform apply` again to refresh the state."))
		return
	}
	m.ID = types.StringValue(id)
	m.ConnectorID = types.StringValue(id)
	d.Append(m.fromAPI(c)...)
}

func (r *ConnectorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config connectorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	what := "Elasticsearch connector " + id
	if clientUnknown(r.client, &resp.Diagnostics, "update "+what) {
		return
	}
	fail := func(aspect string, err error, next string) {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update the %s of %s", aspect, what), apiErrorDetail(err, next))
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
			if _, err := r.client.UpdateName(ctx, id, name, desc); err != nil {
				fail("name", err, retry)
				return
			}
		}
	}
	if changed(plan.ServiceType, state.ServiceType) && !plan.ServiceType.IsNull() {
		apiCalls++
		if _, err := r.client.UpdateServiceType(ctx, id, plan.ServiceType.ValueString()); err != nil {
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
		if _, err := r.client.UpdateIndexName(ctx, id, knownString(plan.IndexName)); err != nil {
			fail("index name", err, retry)
			return false
		}
		return true
	}
	updateNative := func() bool {
		apiCalls++
		if _, err := r.client.UpdateNative(ctx, id, plan.IsNative.ValueBool()); err != nil {
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
	if schedules := changedSchedules(plan.Scheduling, state.Scheduling); len(schedules) > 0 {
		apiCalls++
		if _, err := r.client.UpdateScheduling(ctx, id, schedules); err != nil {
			fail("scheduling", err, retry)
			return
		}
	}
	if changed(plan.Pipeline, state.Pipeline) {
		if p, ok := pipelineFrom(ctx, plan.Pipeline); ok {
			apiCalls++
			if _, err := r.client.UpdatePipeline(ctx, id, p); err != nil {
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
			if _, err := r.client.UpdateAPIKeyID(ctx, id, keyID, secretID); err != nil {
				fail("API key id", err, retry)
				return
			}
		}
	}
	valuesChanged := !plan.ConfigurationValues.Equal(state.ConfigurationValues)
	secretsChanged := !plan.ConfigurationSecretsWOVersion.Equal(state.ConfigurationSecretsWOVersion)
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
			if _, err := r.client.UpdateConfigurationValues(ctx, id, values, secrets); err != nil {
				fail("configuration values", err, configurationNextStep)
				return
			}
		}
	}
	if apiCalls == 0 {
		// Only delete options, timeouts or the secrets version without secrets changed: no API call.
		plan.Status = state.Status
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	plannedStatus := plan.Status
	r.readInto(ctx, id, &plan, &resp.Diagnostics, what)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plannedStatus.IsUnknown() {
		// The connector service moves the status on its own (connected, error): a move since the
		// plan was made shows at the next refresh instead of failing this apply as an
		// inconsistent result.
		plan.Status = plannedStatus
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *ConnectorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state connectorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	if clientUnknown(r.client, &resp.Diagnostics, "delete Elasticsearch connector "+id) {
		return
	}
	err := r.client.DeleteConnector(ctx, id, state.DeleteSyncJobs.ValueBool(), state.HardDelete.ValueBool())
	if err == nil || transport.IsNotFound(err) {
		return
	}
	resp.Diagnostics.AddError("Unable to delete Elasticsearch connector "+id,
		apiErrorDetail(err, "Fix the cause, then run `terraform destroy` again: a connector that is already gone counts as deleted."))
}

// fromAPI maps every field the API returns, so out-of-band changes show as drift.
func (m *connectorModel) fromAPI(c *Connector) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = types.StringPointerValue(c.Name)
	m.Description = types.StringPointerValue(c.Description)
	m.IndexName = types.StringPointerValue(c.IndexName)
	m.ServiceType = types.StringPointerValue(c.ServiceType)
	m.Language = types.StringPointerValue(c.Language)
	m.IsNative = types.BoolValue(c.IsNative)
	m.Status = types.StringValue(c.Status)
	m.APIKeyID = types.StringPointerValue(c.APIKeyID)
	m.APIKeySecretID = types.StringPointerValue(c.APIKeySecretID)
	sched, d := schedulingValue(c.Scheduling)
	diags.Append(d...)
	m.Scheduling = sched
	if c.Pipeline == nil {
		m.Pipeline = types.ObjectNull(pipelineAttrTypes)
	} else {
		p, d := types.ObjectValue(pipelineAttrTypes, map[string]attr.Value{
			"name": types.StringValue(c.Pipeline.Name), "extract_binary_content": types.BoolValue(c.Pipeline.ExtractBinaryContent),
			"reduce_whitespace": types.BoolValue(c.Pipeline.ReduceWhitespace), "run_ml_inference": types.BoolValue(c.Pipeline.RunMLInference),
		})
		diags.Append(d...)
		m.Pipeline = p
	}
	m.ConfigurationValues = managedValues(m.ConfigurationValues, c.Configuration)
	return diags
}

func schedulingValue(s map[string]Schedule) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	attrs := map[string]attr.Value{}
	for _, k := range scheduleKinds {
		sc, ok := s[k]
		if !ok {
			attrs[k] = types.ObjectNull(scheduleAttrTypes)
			continue
		}
		v, d := types.ObjectValue(scheduleAttrTypes, map[string]attr.Value{"enabled": types.BoolValue(sc.Enabled), "interval": types.StringValue(sc.Interval)})
		diags.Append(d...)
		attrs[k] = v
	}
	obj, d := types.ObjectValue(schedulingAttrTypes, attrs)
	diags.Append(d...)
	return obj, diags
}

// managedValues reads back the configuration values of the keys the configuration manages; a
// key that the server no longer has is left out so that the difference shows.
func managedValues(prior jsontypes.Normalized, config map[string]ConfigurationEntry) jsontypes.Normalized {
	if prior.IsNull() || prior.IsUnknown() {
		return prior
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal([]byte(prior.ValueString()), &keys) != nil {
		return prior
	}
	out := map[string]json.RawMessage{}
	for k := range keys {
		if e, ok := config[k]; ok {
			v := e.Value
			if len(v) == 0 {
				v = json.RawMessage("null")
			}
			out[k] = v
		}
	}
	b, _ := json.Marshal(out)
	return jsontypes.NewNormalizedValue(string(b))
}

// configurationValues merges configuration_values and the write-only secrets into one
// `values` body, and returns the secret values for masking.
func configurationValues(values, secretsWO jsontypes.Normalized) (map[string]json.RawMessage, []string, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := map[string]json.RawMessage{}
	if !values.IsNull() && !values.IsUnknown() {
		if err := json.Unmarshal([]byte(values.ValueString()), &out); err != nil {
			diags.AddAttributeError(path.Root("configuration_values"), "Invalid configuration_values", "Want a JSON object of field names to values: "+err.Error())
			return nil, nil, diags
		}
	}
	var secrets []string
	if !secretsWO.IsNull() && !secretsWO.IsUnknown() {
		var sec map[string]json.RawMessage
		if err := json.Unmarshal([]byte(secretsWO.ValueString()), &sec); err != nil {
			// The value is secret: do not echo the parser's error, which may quote it.
			diags.AddAttributeError(path.Root("configuration_secrets_wo"), "Invalid configuration_secrets_wo", "Want a JSON object of field names to values.")
			return nil, nil, diags
		}
		keys := make([]string, 0, len(sec))
		for k := range sec {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, dup := out[k]; dup {
				diags.AddAttributeError(path.Root("configuration_secrets_wo"), "Configuration field set twice",
					fmt.Sprintf("%q is in both configuration_values and configuration_secrets_wo; keep it in one of them.", k))
				return nil, nil, diags
			}
			out[k] = sec[k]
			var s string
			if json.Unmarshal(sec[k], &s) == nil {
				secrets = append(secrets, s)
			} else {
				secrets = append(secrets, string(sec[k]))
			}
		}
	}
	return out, secrets, diags
}

// changedSchedules returns the known schedules of plan that differ from prior.
func changedSchedules(plan, prior types.Object) map[string]Schedule {
	if plan.IsNull() || plan.IsUnknown() {
		return nil
	}
	out := map[string]Schedule{}
	priorAttrs := map[string]attr.Value{}
	if !prior.IsNull() && !prior.IsUnknown() {
		priorAttrs = prior.Attributes()
	}
	for _, k := range scheduleKinds {
		v, ok := plan.Attributes()[k].(types.Object)
		if !ok || v.IsNull() || v.IsUnknown() {
			continue
		}
		if p, ok := priorAttrs[k]; ok && v.Equal(p) {
			continue
		}
		enabled, _ := v.Attributes()["enabled"].(types.Bool)
		interval, _ := v.Attributes()["interval"].(types.String)
		if enabled.IsUnknown() || interval.IsUnknown() {
			continue
		}
		out[k] = Schedule{Enabled: enabled.ValueBool(), Interval: interval.ValueString()}
	}
	return out
}

func pipelineFrom(_ context.Context, v types.Object) (Pipeline, bool) {
	if v.IsNull() || v.IsUnknown() {
		return Pipeline{}, false
	}
	a := v.Attributes()
	name, _ := a["name"].(types.String)
	ebc, _ := a["extract_binary_content"].(types.Bool)
	rw, _ := a["reduce_whitespace"].(types.Bool)
	ml, _ := a["run_ml_inference"].(types.Bool)
	if name.IsUnknown() || ebc.IsUnknown() || rw.IsUnknown() || ml.IsUnknown() {
		return Pipeline{}, false
	}
	return Pipeline{Name: name.ValueString(), ExtractBinaryContent: ebc.ValueBool(), ReduceWhitespace: rw.ValueBool(), RunMLInference: ml.ValueBool()}, true
}

func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

// clientUnknown reports (as an error in d) that the elasticsearch block depends on values known
// only after apply, so no client exists yet: calls would otherwise dereference a nil client.
func clientUnknown(c *Client, d *diag.Diagnostics, what string) bool {
	if c != nil {
		return false
	}
	d.Append(providerdata.NotKnownYet("elasticsearch", what))
	return true
}

// checkElasticsearch asks GET / (once per provider process) whether the server is Elasticsearch,
// for the data sources, which have no plan-time check: a server of another product could
// otherwise answer the connector paths with something that reads as an empty result.
func checkElasticsearch(ctx context.Context, c *Client, d *diag.Diagnostics, what string) bool {
	if _, err := c.Info(ctx); err != nil {
		d.AddError("Unable to "+what, apiErrorDetail(err, "Check `endpoints` in the elasticsearch block (or ELASTICSEARCH_ENDPOINTS): it must be an Elasticsearch cluster."))
		return false
	}
	return true
}

// apiErrorDetail is the detail of an error diagnostic: the API's status, Elasticsearch's error
// type and reason (in the error text), and the next step.
func apiErrorDetail(err error, next string) string {
	switch transport.StatusOf(err) {
	case http.StatusUnauthorized:
		next = "Elasticsearch refused the credentials: check api_key, bearer_token or username/password in the elasticsearch block (or the ELASTICSEARCH_* environment variables)."
	case http.StatusForbidden:
		next = "The credentials lack a privilege the connector APIs need (manage_connector, or manage and the .elastic-connectors* index privileges)."
	}
	return err.Error() + "\n\n" + next
}
