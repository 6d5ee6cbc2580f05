package jim

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

const resumeHint = "Run `terraform destroy` (or the apply that replaces it) again: it resumes waiting for the same deletion."

// DeleteAndWait deletes a connected system and returns once JIM no longer has it. A deletion JIM
// queues (202) is waited on through its activity; a system already being deleted (an interrupted
// destroy, a deletion started elsewhere) is waited on until it is gone; a system that does not
// exist is success.
func (c *Client) DeleteAndWait(ctx context.Context, id int64, opts DeleteOptions) error {
	res, status, err := c.DeleteConnectedSystem(ctx, id, opts)
	switch {
	case err == nil:
	case IsNotFoundMessage(err) || transport.IsNotFound(err):
		tflog.Info(ctx, "JIM connected system already gone", map[string]any{"id": id})
		return nil
	case IsAlreadyDeleting(err):
		tflog.Info(ctx, "JIM connected system is already being deleted; waiting for it to go", map[string]any{"id": id})
		return c.waitUntilGone(ctx, id)
	case ctx.Err() != nil:
		// Interrupted (or out of time) while JIM may already have started the deletion.
		return fmt.Errorf("%w\n\nJIM may already be deleting the system. %s", err, resumeHint)
	default:
		return err
	}
	if status == http.StatusOK && res.Outcome == OutcomeCompletedImmediately {
		return nil
	}
	tflog.Info(ctx, "JIM queued the deletion", map[string]any{"id": id, "outcome": res.Outcome})
	if res.ActivityID != nil && *res.ActivityID != "" {
		if err := c.waitForActivity(ctx, id, *res.ActivityID, res.Outcome); err != nil {
			return err
		}
	}
	return c.waitUntilGone(ctx, id)
}

// waitForActivity polls the deletion's activity until a terminal status. Worker tasks are no
// completion signal (they vanish when done, success or not); the activity is.
func (c *Client) waitForActivity(ctx context.Context, id int64, activityID, outcome string) error {
	what := fmt.Sprintf("the deletion of JIM connected system %d (%s, activity %s)", id, outcome, activityID)
	_, err := wait.For(ctx, wait.Options{What: what, NextStep: resumeHint}, func(ctx context.Context) (wait.Status, error) {
		p, err := c.GetActivityProgress(ctx, activityID)
		if err != nil {
			return wait.Status{}, err
		}
		st := wait.Status{State: p.Status}
		if p.Message != nil {
			st.Message = *p.Message
		}
		if p.PercentComplete != nil {
			st.Percent, st.HasPercent = *p.PercentComplete, true
		}
		switch p.Status {
		case ActivityFailedWithError, ActivityCancelled:
			st.Failed = true
			if detail, derr := c.GetActivity(ctx, activityID); derr == nil && detail.ErrorMessage != nil && *detail.ErrorMessage != "" {
				st.Message = *detail.ErrorMessage
			}
		case ActivityComplete, ActivityCompleteWithWarning, ActivityCompleteWithError:
			st.Done = true
		}
		return st, nil
	})
	var fe *wait.FailedError
	if errors.As(err, &fe) {
		return fmt.Errorf("JIM reported the deletion as %s: %s\n\nThe connected system is still in JIM and stays in the Terraform state; "+
			"fix the cause and run `terraform destroy` again", fe.Status.State, messageOr(fe.Status.Message, "no message"))
	}
	return err
}

// waitUntilGone polls the system until GET answers 404, JIM's confirmation of a deletion.
func (c *Client) waitUntilGone(ctx context.Context, id int64) error {
	what := fmt.Sprintf("JIM connected system %d to be deleted", id)
	_, err := wait.For(ctx, wait.Options{What: what, NextStep: resumeHint}, func(ctx context.Context) (wait.Status, error) {
		cs, err := c.GetConnectedSystem(ctx, id)
		if transport.IsNotFound(err) {
			return wait.Status{State: "deleted", Done: true}, nil
		}
		if err != nil {
			return wait.Status{}, err
		}
		st := wait.Status{State: cs.Status}
		if cs.Status != "Deleting" {
			// JIM resets a system to Active when its background deletion fails.
			st.Failed = true
			st.Message = "the system is " + cs.Status + " again, so JIM's deletion did not complete (see the system's activities in JIM)"
		}
		return st, nil
	})
	var fe *wait.FailedError
	if errors.As(err, &fe) {
		return fmt.Errorf("%s\n\nThe connected system stays in the Terraform state; run `terraform destroy` again to retry", fe.Error())
	}
	return err
}

func messageOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
