package elasticsearch

import (
	"context"
	"net/http"
	"net/url"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// SyncJob is a sync job document as GET /_connector/_sync_job/{id} returns it.
type SyncJob struct {
	ID                    string  `json:"id"`
	Status                string  `json:"status"`
	JobType               string  `json:"job_type"`
	TriggerMethod         string  `json:"trigger_method"`
	Error                 *string `json:"error"`
	IndexedDocumentCount  int64   `json:"indexed_document_count"`
	DeletedDocumentCount  int64   `json:"deleted_document_count"`
	IndexedDocumentVolume int64   `json:"indexed_document_volume"`
	TotalDocumentCount    int64   `json:"total_document_count"`
	CreatedAt             *string `json:"created_at"`
	StartedAt             *string `json:"started_at"`
	CompletedAt           *string `json:"completed_at"`
	WorkerHostname        *string `json:"worker_hostname"`
	Connector             struct {
		ID        string `json:"id"`
		IndexName string `json:"index_name"`
	} `json:"connector"`
}

func syncJobPath(id string, suffix ...string) string {
	p := "/_connector/_sync_job/" + url.PathEscape(id)
	for _, s := range suffix {
		p += s
	}
	return p
}

// CreateSyncJob starts a sync job of the connector (POST /_connector/_sync_job) and returns its
// id. The create is never sent twice: Elasticsearch has no idempotency key, and a second POST
// makes a second job.
func (c *Client) CreateSyncJob(ctx context.Context, connectorID, jobType, triggerMethod string) (string, error) {
	body := map[string]string{"id": connectorID, "job_type": jobType}
	if triggerMethod != "" {
		body["trigger_method"] = triggerMethod
	}
	var out struct {
		ID string `json:"id"`
	}
	c.wrote(connectorID)
	resp, err := c.do(ctx, &transport.Request{Method: http.MethodPost, Path: "/_connector/_sync_job", JSON: body, Replayable: transport.Bool(false)}, &out)
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", &transport.DecodeError{Platform: "Elasticsearch", Method: resp.Method, Path: resp.Path, Status: resp.StatusCode,
			What: "the answer has no sync job id; a job may have been created: list them with GET /_connector/_sync_job?connector_id=" + connectorID}
	}
	return out.ID, nil
}

// GetSyncJob reads one sync job; a missing one is a 404 APIError.
func (c *Client) GetSyncJob(ctx context.Context, id string) (*SyncJob, error) {
	var out SyncJob
	if _, err := c.do(ctx, &transport.Request{Method: http.MethodGet, Path: syncJobPath(id)}, &out); err != nil {
		return nil, err
	}
	if out.ID == "" {
		out.ID = id
	}
	return &out, nil
}

// CancelSyncJob asks Elasticsearch to cancel a job: a pending one is canceled at once, a running
// one becomes canceling until its connector service stops it.
func (c *Client) CancelSyncJob(ctx context.Context, id string) error {
	_, err := c.do(ctx, &transport.Request{Method: http.MethodPut, Path: syncJobPath(id, "/_cancel")}, nil)
	return err
}
