package jim

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Activity statuses.
const (
	ActivityInProgress          = "InProgress"
	ActivityComplete            = "Complete"
	ActivityCompleteWithWarning = "CompleteWithWarning"
	ActivityCompleteWithError   = "CompleteWithError"
	ActivityFailedWithError     = "FailedWithError"
	ActivityCancelled           = "Cancelled"
)

// ActivityProgress is JIM's ActivityProgressDto (the fields the provider uses).
type ActivityProgress struct {
	ID              string   `json:"id"`
	Status          string   `json:"status"`
	Message         *string  `json:"message"`
	PercentComplete *float64 `json:"percentComplete"`
}

// ActivityDetail is the part of ActivityDetailDto that explains a failure.
type ActivityDetail struct {
	ID           string  `json:"id"`
	Status       string  `json:"status"`
	ErrorMessage *string `json:"errorMessage"`
}

// GetActivityProgress reads an activity's progress (the cheap endpoint meant for polling).
func (c *Client) GetActivityProgress(ctx context.Context, activityID string) (*ActivityProgress, error) {
	var p ActivityProgress
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/v1/activities/" + url.PathEscape(activityID) + "/progress"}, &p)
	if err != nil {
		return nil, err
	}
	if p.Status == "" {
		return nil, fmt.Errorf("JIM API: GET /api/v1/activities/%s/progress: the answer has no status", activityID)
	}
	return &p, nil
}

// GetActivity reads an activity's detail.
func (c *Client) GetActivity(ctx context.Context, activityID string) (*ActivityDetail, error) {
	var d ActivityDetail
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/v1/activities/" + url.PathEscape(activityID)}, &d)
	if err != nil {
		return nil, err
	}
	return &d, nil
}
