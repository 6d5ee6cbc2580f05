package haven

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// Job is /1/job/status/<id>.
type Job struct {
	JobID   string      `json:"jobID"`
	Status  string      `json:"status"`
	Actions []JobAction `json:"actions"`
}

// JobAction is one action of a job.
type JobAction struct {
	Action  string          `json:"action"`
	Status  string          `json:"status"`
	Version string          `json:"version"`
	Result  json.RawMessage `json:"result"`
	Errors  []hodError      `json:"errors"`
}

// SubmitJob posts an asynchronous call (form-encoded) and returns its job id. The POST is not
// re-sent once it may have reached the server: a lost answer is a *transport.NetworkError with
// MaybeProcessed set.
func (c *Client) SubmitJob(ctx context.Context, api string, params url.Values, secrets ...string) (string, error) {
	return c.submitJob(ctx, api, params, false, secrets)
}

// submitReplayableJob submits a job whose second copy does no harm (an update sends whole blocks;
// a second stop or delete ends in "not running" or "not found"), so a lost answer is retried.
func (c *Client) submitReplayableJob(ctx context.Context, api string, params url.Values, secrets ...string) (string, error) {
	return c.submitJob(ctx, api, params, true, secrets)
}

func (c *Client) submitJob(ctx context.Context, api string, params url.Values, replayable bool, secrets []string) (string, error) {
	var out struct {
		JobID string `json:"jobID"`
	}
	req := &transport.Request{Method: http.MethodPost, Path: apiPath("async", api), Form: params, Secrets: secrets, Replayable: transport.Bool(replayable)}
	if _, err := c.http.DoJSON(ctx, req, &out); err != nil {
		return "", err
	}
	if out.JobID == "" {
		return "", fmt.Errorf("%s API: POST %s: the answer has no jobID", PlatformName, apiPath("async", api))
	}
	return out.JobID, nil
}

// JobStatus reads one job.
func (c *Client) JobStatus(ctx context.Context, jobID string) (*Job, error) {
	var job Job
	if _, err := c.http.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: "/1/job/status/" + url.PathEscape(jobID)}, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

// WaitJob polls a job with the shared waiter until it is finished (its first action's result is
// decoded into out when out is not nil) or failed (*JobFailedError with the action's errors). At
// the ctx deadline it returns the waiter's *wait.TimeoutError naming the last status and nextStep.
func (c *Client) WaitJob(ctx context.Context, jobID, what, nextStep string, out any) error {
	var last *Job
	_, err := wait.For(ctx, wait.Options{What: what + " (job " + jobID + ")", NextStep: nextStep}, func(ctx context.Context) (wait.Status, error) {
		job, err := c.JobStatus(ctx, jobID)
		if err != nil {
			return wait.Status{}, err
		}
		last = job
		switch job.Status {
		case "finished":
			return wait.Status{State: job.Status, Done: true}, nil
		case "failed":
			return wait.Status{State: job.Status, Failed: true}, nil
		case "queued", "in progress":
			return wait.Status{State: job.Status}, nil
		}
		return wait.Status{}, fmt.Errorf("%s job %s has an unexpected status %q (want queued, in progress, finished or failed)", PlatformName, jobID, job.Status)
	})
	var failed *wait.FailedError
	if errors.As(err, &failed) && last != nil {
		jf := &JobFailedError{What: what, JobID: jobID}
		for _, a := range last.Actions {
			jf.Action = a.Action
			for _, e := range a.Errors {
				jf.Errors = append(jf.Errors, e.toError())
			}
		}
		return jf
	}
	if err != nil {
		return err
	}
	if out != nil {
		if len(last.Actions) == 0 || len(last.Actions[0].Result) == 0 {
			return fmt.Errorf("%s job %s finished without a result", PlatformName, jobID)
		}
		if err := json.Unmarshal(last.Actions[0].Result, out); err != nil {
			return fmt.Errorf("%s job %s: the result does not have the expected shape: %w", PlatformName, jobID, err)
		}
	}
	return nil
}
