package haven

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// lostCreateWindow is how long a create whose answer was lost is watched for before it is sent
// again. It is longer than wait.LostCreateWindow because a Haven OnDemand create is a queued job:
// the connector appears only when that job ends, not when the request is accepted.
const lostCreateWindow = 15 * time.Second

// errExists is a connector of someone else's under the name: found before createconnector was
// sent, or, of another flavor, while a create whose answer was lost was watched for (appeared).
type errExists struct {
	name, flavor string
	appeared     bool
}

func (e errExists) Error() string {
	if e.appeared {
		return fmt.Sprintf("the answer to createconnector was lost, and meanwhile a Haven OnDemand connector named %s appeared with flavor %s: it is not the one this create made, and the name is taken", e.name, e.flavor)
	}
	if e.flavor == "" {
		// Its configuration is behind a decryption token: the flavor is not known.
		return fmt.Sprintf("a Haven OnDemand connector named %s already exists", e.name)
	}
	return fmt.Sprintf("a Haven OnDemand connector named %s (flavor %s) already exists", e.name, e.flavor)
}

func alreadyExistsNext(name string) string {
	return fmt.Sprintf("A connector named %s already exists in this account and was left untouched. To manage it with Terraform, import it by name: `terraform import <address> %s`, or use an `import {}` block.", name, name)
}

// submitCreate submits createconnector so that a lost answer never creates twice: the name is the
// connector's id, so after an answer that may have been processed wait.Create watches
// retrieveconfig for the name; a connector of the same flavor showing up (the name was free
// before the create) is the one this create made (adopted), and one that never shows up means the
// request was not processed (sent again). The job id is empty when the connector was adopted.
//
// Created.Attempts above 1 means a create was sent again after a lost answer: when its job then
// fails with "already exists", the connector is the one the first create made, its job slower
// than the watch.
func (r *ConnectorResource) submitCreate(ctx context.Context, spec Spec) (wait.Created[string], error) {
	// A connector already under the name is someone else's: checked first, because after a lost
	// answer a connector showing up under the name is taken as the one this create made.
	cfg, err := r.Client.RetrieveConfig(ctx, spec.Name)
	switch {
	case err == nil:
		return wait.Created[string]{}, errExists{name: spec.Name, flavor: cfg.Flavor}
	case NeedsDecryptionToken(err):
		// Only an existing connector (one with credentials) asks for its token.
		return wait.Created[string]{}, errExists{name: spec.Name}
	case !IsNotFound(err):
		return wait.Created[string]{}, fmt.Errorf("checking that no connector is named %s yet: %w", spec.Name, err)
	}
	send := func(ctx context.Context) (string, error) { return r.Client.StartCreateConnector(ctx, spec) }
	// A connector of another flavor cannot be this create's: it ends the watch, and the create is
	// reported as refused (nothing of ours exists, and a create sent now would fail), not as
	// maybe processed, which would keep someone else's connector in state for a later destroy.
	// wait.Create wraps the errExists, and Create finds it with errors.As.
	find := func(ctx context.Context) (string, bool, error) {
		cfg, err := r.Client.RetrieveConfig(ctx, spec.Name)
		switch {
		case IsNotFound(err):
			return "", false, nil
		case NeedsDecryptionToken(err):
			// It exists, with credentials, like the one this create sent; its flavor is behind the token.
			return "", true, nil
		case err != nil:
			return "", false, err
		case cfg.Flavor != "" && !strings.EqualFold(cfg.Flavor, spec.Flavor):
			return "", false, errExists{name: spec.Name, flavor: cfg.Flavor, appeared: true}
		}
		return "", true, nil
	}
	return wait.Create(ctx, wait.CreateOptions{What: "Haven OnDemand connector " + spec.Name, Window: lostCreateWindow}, send, find)
}

// awaitCreateJob waits for the creation job of a connector whose id is already in plan, then
// saves it to state as read. A job that fails with "already exists" after a create was sent again
// (resent) adopts the connector the first create made.
func (r *ConnectorResource) awaitCreateJob(ctx context.Context, jobID string, resent bool, plan *connectorModel, summary string, resp *resource.CreateResponse) {
	name := plan.ID.ValueString()
	// The name is the id: save it before waiting, so an interrupted wait never loses the connector.
	// The job id goes to private state: until the job has ended, the connector does not exist yet,
	// and Read and Delete must wait for the job rather than take it as gone.
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if jobJSON, jerr := json.Marshal(jobID); jerr == nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, jobJSON)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var result CreateResult
	err := r.Client.WaitJob(ctx, jobID, "creation of Haven OnDemand connector "+name,
		"Run `terraform apply` again: the connector is kept in state (tainted) and Terraform replaces it once the job has ended.", &result)
	if err == nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
	}
	if err != nil {
		var jf *JobFailedError
		if errors.As(err, &jf) {
			exists := strings.Contains(strings.ToLower(err.Error()), "already exists")
			if exists && resent {
				// The name was free before the first create, whose answer was lost: the job of that
				// create outlived the watch and made the connector this one collided with.
				tflog.Info(ctx, "a create sent again after a lost answer found the connector the first one made; adopting it", map[string]any{"name": name})
				resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
				r.adopt(ctx, plan, summary, resp)
				return
			}
			// The job failed: nothing was created, so nothing stays in state.
			resp.State.RemoveResource(ctx)
			next := "Nothing was created. Fix the cause above and run `terraform apply` again."
			if exists {
				next = alreadyExistsNext(name)
			}
			resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, next))
			return
		}
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	if len(result.DownloadLink) > 0 {
		links, d := types.MapValueFrom(ctx, types.StringType, result.DownloadLink)
		resp.Diagnostics.Append(d...)
		plan.DownloadLink = links
	}
	found, d := r.read(ctx, plan)
	resp.Diagnostics.Append(d...)
	if !found {
		resp.Diagnostics.AddError(summary, "The creation job finished but retrieveconfig does not find the connector; run `terraform apply` again.")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// adopt takes over the connector a create whose answer was lost made: it goes to state as read.
func (r *ConnectorResource) adopt(ctx context.Context, plan *connectorModel, summary string, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	flavor := plan.Flavor.ValueString()
	found, d := r.read(ctx, plan)
	resp.Diagnostics.Append(d...)
	switch {
	case !found:
		resp.Diagnostics.AddError(summary, "The connector was seen but has gone again; run `terraform apply` again.")
	case plan.Flavor.ValueString() != flavor:
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddError(summary, fmt.Sprintf("A connector named %s with flavor %s appeared while this create's answer was lost; it is not the one this create made and was left untouched.\n\n%s",
			plan.ID.ValueString(), plan.Flavor.ValueString(), alreadyExistsNext(plan.ID.ValueString())))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// pendingCreateKey is the private-state key of a creation job not yet seen to end.
const pendingCreateKey = "pending_create_job"

// privateGetter is the private state of a Read request.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// pendingCreate reports a creation job recorded in private state that is still queued or in
// progress. An unreadable record or job counts as ended.
func (r *ConnectorResource) pendingCreate(ctx context.Context, private privateGetter) (string, bool) {
	if private == nil {
		return "", false
	}
	raw, diags := private.GetKey(ctx, pendingCreateKey)
	var jobID string
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &jobID) != nil || jobID == "" {
		return "", false
	}
	job, err := r.Client.JobStatus(ctx, jobID)
	if err != nil {
		return jobID, false
	}
	return jobID, job.Status == "queued" || job.Status == "in progress"
}

// readAfterPendingCreate is the Read of a connector not found while its creation job may still be
// running: the connector does not exist until that job has ended, so the refresh waits for the
// job rather than forget a connector it is about to create (Terraform does not carry private
// state to the delete of a replacement, so only the refresh can wait). found reports the
// connector read after the job.
func (r *ConnectorResource) readAfterPendingCreate(ctx context.Context, private privateGetter, m *connectorModel, diags *diag.Diagnostics) (found bool) {
	jobID, running := r.pendingCreate(ctx, private)
	if !running {
		return false
	}
	err := r.Client.WaitJob(ctx, jobID, "creation of Haven OnDemand connector "+m.ID.ValueString(),
		"Run the command again: the connector stays in state and the refresh resumes waiting.", nil)
	var jf *JobFailedError
	if err != nil && !errors.As(err, &jf) {
		diags.AddError("Unable to read Haven OnDemand connector "+m.ID.ValueString(), err.Error())
		return false
	}
	if err != nil {
		return false
	}
	found, d := r.read(ctx, m)
	diags.Append(d...)
	return found
}
