package polytomic

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const (
	defaultCreateTimeout = 5 * time.Minute
	defaultReadTimeout   = 2 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

// NewConnectionResource is the syncops_polytomic_connection resource.
func NewConnectionResource() resource.Resource { return &connectionResource{} }

type connectionResource struct {
	client *Client
}

var (
	_ resource.ResourceWithConfigure   = &connectionResource{}
	_ resource.ResourceWithImportState = &connectionResource{}
	_ resource.ResourceWithModifyPlan  = &connectionResource{}
)

type connectionModel struct {
	ID                              types.String         `tfsdk:"id"`
	Name                            types.String         `tfsdk:"name"`
	Type                            types.String         `tfsdk:"type"`
	Configuration                   jsontypes.Normalized `tfsdk:"configuration"`
	SensitiveConfigurationWO        jsontypes.Normalized `tfsdk:"sensitive_configuration_wo"`
	SensitiveConfigurationWOVersion types.Int64          `tfsdk:"sensitive_configuration_wo_version"`
	OrganizationID                  types.String         `tfsdk:"organization_id"`
	Policies                        types.List           `tfsdk:"policies"`
	HealthcheckInterval             types.String         `tfsdk:"healthcheck_interval"`
	Validate                        types.Bool           `tfsdk:"validate"`
	ForceDestroy                    types.Bool           `tfsdk:"force_destroy"`
	Status                          types.String         `tfsdk:"status"`
	StatusError                     types.String         `tfsdk:"status_error"`
	CreatedAt                       types.String         `tfsdk:"created_at"`
	UpdatedAt                       types.String         `tfsdk:"updated_at"`
	Timeouts                        timeouts.Value       `tfsdk:"timeouts"`
}

func (r *connectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_polytomic_connection"
}

func (r *connectionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Polytomic connection: the credentials and settings of one upstream system (PostgreSQL, " +
			"Snowflake, Salesforce, a CSV URL, ...). One resource serves every connection type: `configuration` is " +
			"checked at plan time against the type's JSON Schema from the Polytomic API. Secrets go in the write-only " +
			"`sensitive_configuration_wo`, which is never stored in state; bump `sensitive_configuration_wo_version` to " +
			"send new values. Creation carries an `Idempotency-Key`, so a lost answer never creates a second connection.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Connection UUID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true, MarkdownDescription: "Connection name.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Connection type id, e.g. `postgresql`, `snowflake`, `salesforce`, `csv` (see the " +
					"`syncops_polytomic_connection_type` data source). Changing it replaces the connection.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"configuration": schema.StringAttribute{
				Optional: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "Non-secret configuration as a JSON object (use `jsonencode`). Key order and spacing " +
					"never make a diff. Checked at plan time: unknown fields, wrong types, missing required fields and " +
					"sensitive fields (which belong in `sensitive_configuration_wo`) are errors. Changes made in Polytomic " +
					"show as drift; keys Polytomic sets itself (read-only in the type's schema) are left out. Updates " +
					"replace the whole non-secret configuration.",
			},
			"sensitive_configuration_wo": schema.StringAttribute{
				Optional: true, WriteOnly: true, Sensitive: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "Write-only secret configuration as a JSON object (e.g. `jsonencode({ password = var.db_password })`), " +
					"merged into the configuration sent to Polytomic. Never stored in state, plan or logs. Sent on create and " +
					"whenever `sensitive_configuration_wo_version` changes; otherwise Polytomic keeps the stored secrets. " +
					"Requires Terraform 1.11 or later.",
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("sensitive_configuration_wo_version"))},
			},
			"sensitive_configuration_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Version of `sensitive_configuration_wo`. Change it (e.g. increment it) to send new secret " +
					"values; the secrets are not sent otherwise.",
			},
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Organization UUID owning the connection. Defaults to the caller's organization. " +
					"Changing it replaces the connection.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplaceIfConfigured()},
				Validators:    []validator.String{uuidValidator("an organization")},
			},
			"policies": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Policy UUIDs applied to the connection.",
				Validators:          []validator.List{listvalidator.ValueStringsAre(uuidValidator("a policy"))},
			},
			"healthcheck_interval": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Override of the health-check interval, as a duration such as `3h30m`. Polytomic returns " +
					"it only on create and update, so a change made in Polytomic does not show as drift.",
			},
			"validate": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether Polytomic validates the connection against the upstream service on create and " +
					"update (the request fails if it cannot be reached). Defaults to `true`, as the API. Changing only this " +
					"makes no API call.",
			},
			"force_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Delete the connection even when syncs, bulk syncs, fieldsets or schedules use it: Polytomic " +
					"deletes those first. Defaults to `false`. Must be applied before `terraform destroy` to take effect; " +
					"changing only this makes no API call.",
			},
			"status": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Connection health as Polytomic reports it, e.g. `healthy`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status_error": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Last health-check error, empty when healthy.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Creation time (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Last update time (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *connectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, ok, diags := providerdata.Client[*Client](req.ProviderData, "polytomic")
	resp.Diagnostics.Append(diags...)
	if ok {
		r.client = c
	}
}

// jsonObject decodes a JSON attribute that must hold an object; null is an empty object.
func jsonObject(v jsontypes.Normalized, attr string) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	if v.IsNull() || v.IsUnknown() {
		return map[string]any{}, diags
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(v.ValueString()), &out); err != nil || out == nil {
		diags.AddAttributeError(path.Root(attr), "Invalid "+attr, attr+" must be a JSON object, e.g. jsonencode({ key = \"value\" }).")
	}
	return out, diags
}

func errorDetail(err error, next string) string {
	msg := err.Error()
	var ne *transport.NetworkError
	if asNetworkError(err, &ne) && ne.MaybeProcessed {
		msg += "\n\nThe request may have been processed."
	}
	switch transport.StatusOf(err) {
	case http.StatusUnauthorized, http.StatusForbidden:
		next = "Check the polytomic block of the provider: api_key (" + envAPIKey + "), or deployment_key with organization_id (" +
			envDeploymentKey + ", " + envOrganizationID + "), and that they belong to the deployment at url."
	}
	if next != "" {
		msg += "\n\n" + next
	}
	return msg
}

func (r *connectionResource) request(ctx context.Context, m *connectionModel, public, secret map[string]any) (ConnectionRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	cfg := make(map[string]any, len(public)+len(secret))
	for k, v := range public {
		cfg[k] = v
	}
	for k, v := range secret {
		cfg[k] = v
	}
	req := ConnectionRequest{Name: m.Name.ValueString(), Configuration: cfg}
	if !m.HealthcheckInterval.IsNull() && !m.HealthcheckInterval.IsUnknown() {
		hc := m.HealthcheckInterval.ValueString()
		req.HealthcheckInterval = &hc
	}
	if !m.OrganizationID.IsNull() && !m.OrganizationID.IsUnknown() {
		req.OrganizationID = m.OrganizationID.ValueString()
	}
	if !m.Policies.IsNull() && !m.Policies.IsUnknown() {
		policies := []string{}
		diags.Append(m.Policies.ElementsAs(ctx, &policies, false)...)
		req.Policies = &policies
	}
	validate := m.Validate.IsNull() || m.Validate.IsUnknown() || m.Validate.ValueBool()
	req.Validate = &validate
	return req, diags
}

func (r *connectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.client == nil {
		resp.Diagnostics.Append(unknownProviderBlock())
		return
	}
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var secretCfg jsontypes.Normalized
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sensitive_configuration_wo"), &secretCfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	public, d := jsonObject(plan.Configuration, "configuration")
	resp.Diagnostics.Append(d...)
	secret, d := jsonObject(secretCfg, "sensitive_configuration_wo")
	resp.Diagnostics.Append(d...)
	body, d := r.request(ctx, &plan, public, secret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	body.Type = plan.Type.ValueString()
	// One key per create, reused by every retry of this create: a lost answer never makes a
	// second connection.
	key := uuid.NewString()
	created, err := r.client.CreateConnection(ctx, body, key, secretValues(secret))
	if err != nil {
		next := "Fix the cause above and run `terraform apply` again. If the error says the request may " +
			"have been processed, check Polytomic for a connection with this name and import it instead."
		var ne *transport.NetworkError
		if asNetworkError(err, &ne) {
			// The transport re-sends a keyed create freely, so it never flags it "maybe processed";
			// yet with no answer at all, any attempt may have created the connection, and the next
			// apply would use a new key.
			next = fmt.Sprintf("No answer came back, but the request may have been processed: the connection may have been "+
				"created. Look for a connection named %q in Polytomic and import it (`terraform import <address> %q`, or "+
				"an import block) rather than running `terraform apply` again, which would create another one.",
				plan.Name.ValueString(), "name:"+plan.Name.ValueString())
		}
		resp.Diagnostics.AddError("Unable to create Polytomic connection "+plan.Name.ValueString(), errorDetail(err, next))
		return
	}
	// The id goes to state before anything else can fail.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), created.ID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(created.ID)
	// The create answer has no audit fields: read the connection back for them.
	got, err := r.client.GetConnection(ctx, created.ID)
	if err != nil {
		// The create answer has everything but the audit fields: use it rather than fail (a failed
		// create would taint, and so replace, a connection that is fine).
		resp.Diagnostics.AddWarning("Unable to read Polytomic connection "+created.ID+" after creating it",
			errorDetail(err, "The connection was created; created_at and updated_at are filled in by the next refresh."))
		got = created
	}
	resp.Diagnostics.Append(r.apply(ctx, got, &plan)...)
	plan.SensitiveConfigurationWO = jsontypes.NewNormalizedNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// apply maps an API connection onto the model: every field the API returns, with the secret
// part of the configuration left out.
func (r *connectionResource) apply(ctx context.Context, c *Connection, m *connectionModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.ID)
	m.Name = types.StringValue(c.Name)
	if c.Type.ID != "" {
		m.Type = types.StringValue(c.Type.ID)
	}
	if c.OrganizationID != "" {
		m.OrganizationID = types.StringValue(c.OrganizationID)
	} else if m.OrganizationID.IsUnknown() {
		m.OrganizationID = types.StringNull()
	}
	schema, err := r.client.ConnectionTypeSchema(ctx, m.Type.ValueString())
	if err != nil {
		schema = nil
		diags.AddWarning("Unable to read the schema of Polytomic connection type "+m.Type.ValueString(),
			errorDetail(err, "Masked values were still left out of configuration; only keys the schema marks sensitive "+
				"but that the API returned unmasked could not be recognised."))
	}
	public := managedConfiguration(c.Configuration, schema)
	if len(public) == 0 && m.Configuration.IsNull() {
		// Nothing configured and nothing returned: keep null.
	} else {
		b, err := json.Marshal(public)
		if err != nil {
			diags.AddError("Unable to encode the configuration of Polytomic connection "+c.ID, err.Error())
			return diags
		}
		m.Configuration = jsontypes.NewNormalizedValue(string(b))
	}
	if len(c.Policies) == 0 && (m.Policies.IsNull() || m.Policies.IsUnknown()) {
		m.Policies = types.ListNull(types.StringType)
	} else {
		vals := make([]attr.Value, len(c.Policies))
		for i, p := range c.Policies {
			vals[i] = types.StringValue(p)
		}
		m.Policies = types.ListValueMust(types.StringType, vals)
	}
	m.Status = types.StringValue(c.Status)
	m.StatusError = types.StringValue(c.StatusError)
	if c.CreatedAt != "" {
		m.CreatedAt = types.StringValue(c.CreatedAt)
	} else if m.CreatedAt.IsUnknown() {
		m.CreatedAt = types.StringNull()
	}
	if c.UpdatedAt != "" {
		m.UpdatedAt = types.StringValue(c.UpdatedAt)
	} else if m.UpdatedAt.IsUnknown() {
		m.UpdatedAt = types.StringNull()
	}
	if m.Validate.IsNull() || m.Validate.IsUnknown() {
		m.Validate = types.BoolValue(true)
	}
	if m.ForceDestroy.IsNull() || m.ForceDestroy.IsUnknown() {
		m.ForceDestroy = types.BoolValue(false)
	}
	if m.HealthcheckInterval.IsUnknown() {
		m.HealthcheckInterval = types.StringNull()
	}
	return diags
}

func (r *connectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		// The polytomic block holds values only known after apply (Terraform still refreshes
		// during that plan): keep the state as it is; the refresh of the apply reads it.
		return
	}
	timeout, d := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	got, err := r.client.GetConnection(ctx, state.ID.ValueString())
	if transport.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Polytomic connection "+state.ID.ValueString()+" no longer exists",
			"It was deleted outside Terraform and has been removed from state; the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Polytomic connection "+state.ID.ValueString(),
			errorDetail(err, "Check the Polytomic URL and credentials, then run the command again."))
		return
	}
	resp.Diagnostics.Append(r.apply(ctx, got, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// remoteChange reports whether the plan changes anything the API holds (as opposed to
// force_destroy, validate and timeouts, which live only in Terraform).
func remoteChange(plan, state *connectionModel) bool {
	return !plan.Name.Equal(state.Name) ||
		!plan.Configuration.Equal(state.Configuration) && !jsonSemanticallyEqual(plan.Configuration, state.Configuration) ||
		!plan.Policies.Equal(state.Policies) ||
		!plan.HealthcheckInterval.Equal(state.HealthcheckInterval) ||
		!plan.SensitiveConfigurationWOVersion.Equal(state.SensitiveConfigurationWOVersion)
}

func jsonSemanticallyEqual(a, b jsontypes.Normalized) bool {
	if a.IsNull() || b.IsNull() || a.IsUnknown() || b.IsUnknown() {
		return false
	}
	eq, _ := a.StringSemanticEquals(context.Background(), b)
	return eq
}

func (r *connectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.client == nil {
		resp.Diagnostics.Append(unknownProviderBlock())
		return
	}
	var plan, state connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	var secretCfg jsontypes.Normalized
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sensitive_configuration_wo"), &secretCfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if !remoteChange(&plan, &state) {
		// Only Terraform-side settings changed (force_destroy, validate, timeouts): no API call.
		plan.Status, plan.StatusError, plan.CreatedAt, plan.UpdatedAt = state.Status, state.StatusError, state.CreatedAt, state.UpdatedAt
		plan.OrganizationID = state.OrganizationID
		plan.SensitiveConfigurationWO = jsontypes.NewNormalizedNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	public, d := jsonObject(plan.Configuration, "configuration")
	resp.Diagnostics.Append(d...)
	// Secrets are sent only when their version changes; left out, Polytomic keeps them.
	secret := map[string]any{}
	if !plan.SensitiveConfigurationWOVersion.Equal(state.SensitiveConfigurationWOVersion) {
		secret, d = jsonObject(secretCfg, "sensitive_configuration_wo")
		resp.Diagnostics.Append(d...)
	}
	body, d := r.request(ctx, &plan, public, secret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	// organization_id and type are immutable (replacement); they are not sent on update.
	body.OrganizationID = ""
	if body.Policies == nil {
		// Removing policies from the configuration clears them.
		body.Policies = &[]string{}
	}
	if body.HealthcheckInterval == nil && !state.HealthcheckInterval.IsNull() {
		// Removing the override goes back to Polytomic's default interval.
		empty := ""
		body.HealthcheckInterval = &empty
	}
	id := state.ID.ValueString()
	updated, err := r.client.UpdateConnection(ctx, id, body, secretValues(secret))
	if err != nil {
		resp.Diagnostics.AddError("Unable to update Polytomic connection "+id, errorDetail(err, "Fix the cause above and run `terraform apply` again."))
		return
	}
	got, err := r.client.GetConnection(ctx, id)
	if err != nil {
		resp.Diagnostics.AddWarning("Unable to read Polytomic connection "+id+" after updating it",
			errorDetail(err, "The update was applied; updated_at is filled in by the next refresh."))
		got = updated
	}
	resp.Diagnostics.Append(r.apply(ctx, got, &plan)...)
	plan.SensitiveConfigurationWO = jsontypes.NewNormalizedNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *connectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.client == nil {
		resp.Diagnostics.Append(unknownProviderBlock())
		return
	}
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	err := r.client.DeleteConnection(ctx, id, state.ForceDestroy.ValueBool())
	if err == nil || transport.IsNotFound(err) {
		return
	}
	if IsConnectionInUse(err) {
		var e *transport.APIError
		asAPIError(err, &e)
		var b strings.Builder
		fmt.Fprintf(&b, "Polytomic refused to delete connection %s (%q) because other objects use it", id, state.Name.ValueString())
		if len(e.Details) > 0 {
			b.WriteString(":\n")
			for _, dep := range e.Details {
				b.WriteString("  - " + dep + "\n")
			}
		} else {
			b.WriteString(".\n")
		}
		b.WriteString("\nEither remove those objects first, or set `force_destroy = true` on this resource and run " +
			"`terraform apply` before `terraform destroy`: with force, Polytomic deletes them together with the connection.")
		fmt.Fprintf(&b, "\n\n(HTTP %d", e.Status)
		if e.Code != "" {
			fmt.Fprintf(&b, " %s", e.Code)
		}
		fmt.Fprintf(&b, ": %s", e.Message)
		if e.RequestID != "" {
			fmt.Fprintf(&b, ", request id %s", e.RequestID)
		}
		b.WriteString(")")
		resp.Diagnostics.AddError("Unable to delete Polytomic connection "+id+": connection in use", b.String())
		return
	}
	resp.Diagnostics.AddError("Unable to delete Polytomic connection "+id,
		errorDetail(err, "Run `terraform destroy` again: a connection already deleted counts as success."))
}

// ImportState accepts a connection id or "name:<connection name>".
func (r *connectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.client == nil {
		// The read that follows an import would keep the bare id (refresh keeps state while the
		// block is unknown), and the plan would show the configuration as changes to nothing.
		resp.Diagnostics.Append(unknownProviderBlock())
		return
	}
	id := req.ID
	if name, ok := strings.CutPrefix(req.ID, "name:"); ok {
		found, err := r.client.FindConnectionsByName(ctx, name)
		if err != nil {
			resp.Diagnostics.AddError("Unable to list Polytomic connections to import "+req.ID, errorDetail(err, ""))
			return
		}
		switch len(found) {
		case 0:
			resp.Diagnostics.AddError("No Polytomic connection named "+fmt.Sprintf("%q", name),
				"Check the name (it is case-sensitive) or import by id.")
			return
		case 1:
			id = found[0].ID
		default:
			ids := make([]string, len(found))
			for i, c := range found {
				ids[i] = c.ID
			}
			resp.Diagnostics.AddError(fmt.Sprintf("%d Polytomic connections are named %q", len(found), name),
				"Import by id instead; the matching ids are: "+strings.Join(ids, ", "))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
