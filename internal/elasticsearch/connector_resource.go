package elasticsearch

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
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

// clientUnknown reports (as an error in d) that the elasticsearch block depends on values known
// only after apply, so no client exists yet: calls would otherwise dereference a nil client.
func clientUnknown(c *Client, d *diag.Diagnostics, what string) bool {
	if c != nil {
		return false
	}
	d.Append(providerdata.NotKnownYet("elasticsearch", what))
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
