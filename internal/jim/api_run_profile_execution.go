package jim

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// RunProfileExecution is JIM's RunProfileExecutionResponse (202 to an execute).
type RunProfileExecution struct {
	ActivityID string   `json:"activityId"`
	TaskID     string   `json:"taskId"`
	Message    string   `json:"message"`
	Warnings   []string `json:"warnings"`
}

// ExecuteRunProfile queues a run profile's execution. Sent once: JIM has no idempotency keys, and
// a second execute would queue a second run.
func (c *Client) ExecuteRunProfile(ctx context.Context, csID, runProfileID int64) (*RunProfileExecution, error) {
	p := runProfilesPath(csID) + "/" + strconv.FormatInt(runProfileID, 10) + "/execute"
	var out RunProfileExecution
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodPost, Path: p}, &out); err != nil {
		return nil, err
	}
	if out.ActivityID == "" {
		return nil, fmt.Errorf("JIM API: POST %s: the answer has no activityId", p)
	}
	return &out, nil
}

// RunActivityProgress is the part of ActivityProgressDto a run's progress shows.
type RunActivityProgress struct {
	Status           string   `json:"status"`
	Message          *string  `json:"message"`
	PercentComplete  *float64 `json:"percentComplete"`
	ObjectsProcessed int64    `json:"objectsProcessed"`
	ObjectsToProcess int64    `json:"objectsToProcess"`
	TotalErrors      int64    `json:"totalErrors"`
}

// GetRunActivityProgress reads a run's activity progress (the endpoint meant for polling).
func (c *Client) GetRunActivityProgress(ctx context.Context, activityID string) (*RunActivityProgress, error) {
	p := "/api/v1/activities/" + url.PathEscape(activityID) + "/progress"
	var out RunActivityProgress
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: p}, &out); err != nil {
		return nil, err
	}
	if out.Status == "" {
		return nil, fmt.Errorf("JIM API: GET %s: the answer has no status", p)
	}
	return &out, nil
}

// RunActivityOutcome is the part of ActivityDetailDto that explains how a run ended.
type RunActivityOutcome struct {
	Status         string  `json:"status"`
	Message        *string `json:"message"`
	ErrorMessage   *string `json:"errorMessage"`
	WarningMessage *string `json:"warningMessage"`
}

// GetRunActivityOutcome reads a run's activity detail.
func (c *Client) GetRunActivityOutcome(ctx context.Context, activityID string) (*RunActivityOutcome, error) {
	var out RunActivityOutcome
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/v1/activities/" + url.PathEscape(activityID)}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
