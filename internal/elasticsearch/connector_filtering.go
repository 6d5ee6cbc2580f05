package elasticsearch

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

var pathFiltering = path.Root("filtering")

// applyFiltering sets the planned sync rules as Elasticsearch wants it: the rules are written as
// the draft, the connector service validates the draft (the one waiter polls the connector until
// the draft is no longer edited), and a valid draft is activated (the connector service may have
// done it already: then the activation is a noop). An invalid draft fails with the connector
// service's errors; the active rules stay as they were.
func (r *ConnectorResource) applyFiltering(ctx context.Context, id string, plan types.Object, d *diag.Diagnostics) bool {
	rules, snippet, ok, diags := filteringFrom(ctx, plan)
	d.Append(diags...)
	if !ok || d.HasError() {
		return !d.HasError()
	}
	what := "Elasticsearch connector " + id
	if _, err := r.Client.UpdateFilteringDraft(ctx, id, rules, snippet); err != nil {
		d.AddError("Unable to write the sync rules of "+what, r.Platform.ErrorDetail(err, "Fix the cause, then run `terraform apply` again: changes already made are kept."))
		return false
	}
	_, err := wait.For(ctx, wait.Options{
		What: "the connector service to validate the sync rules of " + what,
		NextStep: "The rules are written as the connector's draft and wait for its connector service, which validates drafts while it runs (is it running for this connector?). " +
			"The active rules are unchanged. Run `terraform apply` again to wait again, or raise the update (create) timeout.",
	}, func(ctx context.Context) (wait.Status, error) {
		c, err := r.Client.GetConnector(ctx, id)
		if err != nil {
			return wait.Status{}, err
		}
		if len(c.Filtering) == 0 {
			return wait.Status{}, fmt.Errorf("%s has no filtering after its draft was written", what)
		}
		v := c.Filtering[0].Draft.Validation
		st := wait.Status{State: v.State}
		switch v.State {
		case "edited":
		case "valid":
			st.Done = true
		case "invalid":
			st.Failed, st.Message = true, validationErrors(v.Errors)
		default:
			return st, fmt.Errorf("the sync rules draft of %s has an unexpected validation state %q (want edited, valid or invalid)", what, v.State)
		}
		return st, nil
	})
	var failed *wait.FailedError
	switch {
	case errors.As(err, &failed):
		d.AddAttributeError(pathFiltering, "The connector service refused the sync rules of "+what,
			"The draft is invalid: "+failed.Status.Message+". The active rules are unchanged. Fix the rules, then run `terraform apply` again.")
		return false
	case err != nil:
		d.AddError("Unable to set the sync rules of "+what, r.Platform.ErrorDetail(err, ""))
		return false
	}
	if _, err := r.Client.ActivateFiltering(ctx, id); err != nil {
		d.AddError("Unable to activate the sync rules of "+what, r.Platform.ErrorDetail(err, "The connector service validated the draft; run `terraform apply` again to activate it."))
		return false
	}
	return true
}

// validationErrors is the connector service's errors as one line: "rule all: Match all ...".
func validationErrors(errs []FilteringValidationError) string {
	if len(errs) == 0 {
		return "the connector service gave no error"
	}
	var parts []string
	for _, e := range errs {
		parts = append(parts, fmt.Sprintf("rule %s: %s", strings.Join(e.IDs, ", "), strings.Join(e.Messages, "; ")))
	}
	return strings.Join(parts, "; ")
}

// filteringToApply tells whether a planned filtering value must be written: on create when it has
// rules or a snippet (a new connector has neither), on update when it differs from the state.
func filteringToApply(ctx context.Context, plan, state types.Object, creating bool) bool {
	if plan.IsNull() || plan.IsUnknown() {
		return false
	}
	if !creating {
		return !plan.Equal(state)
	}
	rules, snippet, ok, _ := filteringFrom(ctx, plan)
	return ok && (len(rules) > 0 || !emptySnippet(snippet))
}
