package elasticsearch

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const defaultTimeout = 10 * time.Minute

var (
	_ resource.ResourceWithConfigure      = &ConnectorResource{}
	_ resource.ResourceWithImportState    = &ConnectorResource{}
	_ resource.ResourceWithModifyPlan     = &ConnectorResource{}
	_ resource.ResourceWithValidateConfig = &ConnectorResource{}
	_ resource.ResourceWithIdentity       = &ConnectorResource{}
)

// ConnectorResource is syncops_elasticsearch_connector.
type ConnectorResource struct {
	base.Resource[*Client]
}

// NewConnectorResource is the resource factory.
func NewConnectorResource() resource.Resource {
	return &ConnectorResource{Resource: base.NewResource[*Client](platform, "elasticsearch_connector")}
}

func (r *ConnectorResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = connectorSchema(ctx)
}

func (r *ConnectorResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = connectorIdentitySchema()
}

// ImportState takes the connector id, `name:<connector name>`, or (Terraform 1.12+) the identity
// of an import block (`identity = { id = "..." }`).
func (r *ConnectorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var identity connectorIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = identity.ID.ValueString()
		if err := checkConnectorID(id); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid Elasticsearch connector identity", err.Error()+". Give the connector id, as GET /_connector lists it: identity = { id = \"<connector_id>\" }.")
			return
		}
	} else if name, ok := strings.CutPrefix(req.ID, "name:"); ok {
		// Connector names are not unique: exactly one connector must carry it.
		if !r.Ready() {
			resp.Diagnostics.Append(r.Platform.NotKnownYet())
			return
		}
		// connector_name is an exact filter; query is a wildcard search in which \\, * and ? are
		// special, so it serves only a name the comma-separated filter cannot carry. The names are
		// compared again below either way.
		f := ListFilter{Names: []string{name}}
		if strings.Contains(name, ",") {
			f = ListFilter{Query: name}
		}
		found, err := r.Client.ListConnectors(ctx, f)
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
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
}

func (r *ConnectorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// First: the framework wants an identity after every Read that is not an error, also when the
	// state comes from a provider (or a Terraform before 1.12) that kept none and the connector is
	// gone or the state is kept as it is.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	// Without a client (the provider block is not known yet) the state is kept as it is.
	ctx, cancel, ok := r.BeginRead(ctx, &resp.Diagnostics, state.Timeouts.Read, defaultTimeout)
	if !ok {
		return
	}
	defer cancel()
	id := state.ID.ValueString()
	secretFields := r.hideRecordedSecretFields(ctx, req.Private)
	// From the run's listing of every connector when it holds this one; a connector the listing
	// lacks (new, or not yet searchable) is read by GET, which alone may say it is gone.
	c, err := r.Client.ReadConnector(ctx, id)
	if transport.IsNotFound(err) || (err == nil && c.Deleted) {
		r.Platform.WarnRemoved(&resp.Diagnostics, "connector "+id)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Elasticsearch connector "+id, r.Platform.ErrorDetail(err, "Run `terraform plan` again once the cluster answers."))
		return
	}
	r.hideSecretValuesOf(c, secretFields)
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
	c, err := r.Client.GetConnector(ctx, id)
	if err != nil {
		d.AddError("Unable to read "+what+" after the change", r.Platform.ErrorDetail(err, "The change was made. Run `terraform apply` again to refresh the state."))
		return
	}
	m.ID = types.StringValue(id)
	m.ConnectorID = types.StringValue(id)
	d.Append(m.fromAPI(c)...)
}

func (r *ConnectorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	base.Delete(ctx, &r.Resource, req, resp, defaultTimeout, r.delete)
}

func (r *ConnectorResource) delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse, state connectorModel) {
	id := state.ID.ValueString()
	err := r.Client.DeleteConnector(ctx, id, state.DeleteSyncJobs.ValueBool(), state.HardDelete.ValueBool())
	if err == nil || transport.IsNotFound(err) {
		return
	}
	resp.Diagnostics.AddError("Unable to delete Elasticsearch connector "+id,
		r.Platform.ErrorDetail(err, "Fix the cause, then run `terraform destroy` again: a connector that is already gone counts as deleted."))
}
