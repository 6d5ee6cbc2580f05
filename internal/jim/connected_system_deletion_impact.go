package jim

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// warnDeletionImpact adds one plan warning telling what JIM will delete with a connected system.
// A system that is already gone gives no warning; a preview that cannot be read is logged only:
// the plan must not fail for a warning.
func (r *ConnectedSystemResource) warnDeletionImpact(ctx context.Context, state *connectedSystemModel, verb string, diags *diag.Diagnostics) {
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		return
	}
	p, err := r.Client.GetDeletionPreview(ctx, id)
	if err != nil {
		if !transport.IsNotFound(err) {
			tflog.Warn(ctx, "could not read the JIM deletion preview", map[string]any{"id": id, "error": err.Error()})
		}
		return
	}
	diags.AddWarning(fmt.Sprintf("%s JIM connected system %d (%q) deletes its data in JIM", verb, id, p.ConnectedSystemName),
		DeletionImpact(p, DeleteOptions{ChangeHistory: state.DeleteChangeHistory.ValueBool(), Deprovision: state.SynchronisedDeprovisioning.ValueBool()}))
}

// DeletionImpact renders a deletion preview for a plan warning.
func DeletionImpact(p *DeletionPreview, opts DeleteOptions) string {
	var b strings.Builder
	b.WriteString("JIM's deletion preview:\n")
	fmt.Fprintf(&b, "  - %d connector-space objects\n", p.ConnectedSystemObjectCount)
	fmt.Fprintf(&b, "  - %d run profiles\n", p.RunProfileCount)
	fmt.Fprintf(&b, "  - %d sync rules\n", p.SyncRuleCount)
	fmt.Fprintf(&b, "  - %d partitions (%d containers)\n", p.PartitionCount, p.ContainerCount)
	fmt.Fprintf(&b, "  - %d pending exports\n", p.PendingExportCount)
	fmt.Fprintf(&b, "  - %d joined metaverse objects lose this connector\n", p.JoinedMvoCount)
	switch {
	case p.HasRunningSyncOperation:
		fmt.Fprintf(&b, "A synchronisation is running: JIM deletes the system after it ends (estimated deletion time %s); destroy waits for it.\n", p.EstimatedDeletionTime)
	case p.WillRunAsBackgroundJob:
		fmt.Fprintf(&b, "JIM runs the deletion as a background job (estimated %s); destroy waits for it within timeouts.delete.\n", p.EstimatedDeletionTime)
	default:
		fmt.Fprintf(&b, "JIM deletes it immediately (estimated %s).\n", p.EstimatedDeletionTime)
	}
	if opts.ChangeHistory {
		b.WriteString("Change history: DELETED too (delete_change_history = true).\n")
	} else {
		b.WriteString("Change history: kept (delete_change_history = false).\n")
	}
	if opts.Deprovision {
		b.WriteString("Deprovisioning: every connector-space object is obsoleted through synchronisation first, exports staged to the other systems (synchronised_deprovisioning = true; JIM 0.14 ignores it).\n")
	} else {
		b.WriteString("Deprovisioning: none, the system is deleted without obsoleting its objects (synchronised_deprovisioning = false).\n")
	}
	for _, w := range p.Warnings {
		b.WriteString("JIM warns: " + w + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
