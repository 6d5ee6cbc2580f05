package elasticsearch

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Connector is a connector document as GET /_connector/{id} returns it.
type Connector struct {
	ID             string                        `json:"id"`
	Name           *string                       `json:"name"`
	Description    *string                       `json:"description"`
	IndexName      *string                       `json:"index_name"`
	ServiceType    *string                       `json:"service_type"`
	Language       *string                       `json:"language"`
	IsNative       bool                          `json:"is_native"`
	Status         string                        `json:"status"`
	APIKeyID       *string                       `json:"api_key_id"`
	APIKeySecretID *string                       `json:"api_key_secret_id"`
	Pipeline       *Pipeline                     `json:"pipeline"`
	Scheduling     map[string]Schedule           `json:"scheduling"`
	Configuration  map[string]ConfigurationEntry `json:"configuration"`
	Error          *string                       `json:"error"`
	Features       *Features                     `json:"features"`
	Filtering      []FilteringConfig             `json:"filtering"`
	LastSeen       *string                       `json:"last_seen"`
	SyncNow        bool                          `json:"sync_now"`
	Deleted        bool                          `json:"deleted"`
	SyncInfo
}

// SyncInfo are the last_* fields the connector service writes after each sync
// (ConnectorSyncInfo).
type SyncInfo struct {
	LastSyncStatus                   *string `json:"last_sync_status"`
	LastSyncError                    *string `json:"last_sync_error"`
	LastSynced                       *string `json:"last_synced"`
	LastSyncScheduledAt              *string `json:"last_sync_scheduled_at"`
	LastIncrementalSyncScheduledAt   *string `json:"last_incremental_sync_scheduled_at"`
	LastIndexedDocumentCount         *int64  `json:"last_indexed_document_count"`
	LastDeletedDocumentCount         *int64  `json:"last_deleted_document_count"`
	LastAccessControlSyncStatus      *string `json:"last_access_control_sync_status"`
	LastAccessControlSyncError       *string `json:"last_access_control_sync_error"`
	LastAccessControlSyncScheduledAt *string `json:"last_access_control_sync_scheduled_at"`
}

// Schedule is one of scheduling.full, .incremental and .access_control.
type Schedule struct {
	Enabled  bool   `json:"enabled"`
	Interval string `json:"interval"`
}

// Pipeline is the connector's ingest pipeline settings.
type Pipeline struct {
	Name                 string `json:"name"`
	ExtractBinaryContent bool   `json:"extract_binary_content"`
	ReduceWhitespace     bool   `json:"reduce_whitespace"`
	RunMLInference       bool   `json:"run_ml_inference"`
}

// ConfigurationEntry is one field of the connector's configuration, as registered by the
// connector service.
type ConfigurationEntry struct {
	Label     string          `json:"label"`
	Value     json.RawMessage `json:"value"`
	Sensitive bool            `json:"sensitive"`
}

// CreateConnectorRequest is the body of PUT/POST /_connector: everything a create can carry.
type CreateConnectorRequest struct {
	Description *string `json:"description,omitempty"`
	IndexName   *string `json:"index_name,omitempty"`
	IsNative    *bool   `json:"is_native,omitempty"`
	Language    *string `json:"language,omitempty"`
	Name        *string `json:"name,omitempty"`
	ServiceType *string `json:"service_type,omitempty"`
}

// CreateConnector writes a new connector: PUT /_connector/{id} when id is given, else POST.
// The caller makes sure the id is not in use: a PUT on an existing id resets that connector.
func (c *Client) CreateConnector(ctx context.Context, id string, body CreateConnectorRequest) (string, error) {
	var out struct {
		ID     string `json:"id"`
		Result string `json:"result"`
	}
	req := &transport.Request{Method: http.MethodPost, Path: "/_connector", JSON: body}
	if id != "" {
		// A PUT on an existing id resets the connector: even this create is not sent twice
		// blindly; the caller looks for the connector first (recoverLostCreate).
		req = &transport.Request{Method: http.MethodPut, Path: connectorPath(id), JSON: body, Replayable: transport.Bool(false)}
	}
	// Before sending: a create whose answer is lost may still have been made.
	c.wrote(id)
	resp, err := c.do(ctx, req, &out)
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		out.ID = id
	}
	c.wrote(out.ID)
	if out.ID == "" {
		return "", &transport.DecodeError{Platform: "Elasticsearch", Method: resp.Method, Path: resp.Path, Status: resp.StatusCode,
			What: "the create answer has no connector id; a connector may have been created: look for it with GET /_connector and import it"}
	}
	return out.ID, nil
}

// GetConnector reads one connector; a missing (or, on 9.x, soft-deleted) one is a 404 APIError.
func (c *Client) GetConnector(ctx context.Context, id string) (*Connector, error) {
	var out Connector
	if _, err := c.do(ctx, &transport.Request{Method: http.MethodGet, Path: connectorPath(id)}, &out); err != nil {
		return nil, err
	}
	if out.ID == "" {
		out.ID = id
	}
	return &out, nil
}

// ListFilter narrows GET /_connector.
type ListFilter struct {
	IndexNames   []string
	ServiceTypes []string
	// Names are exact connector names (connector_name, comma-separated: a name with a comma
	// cannot be one of them).
	Names []string
	// Query is Elasticsearch's wildcard match (*query*) on names, descriptions and index names.
	Query string
}

// listPageSize is the size of each page of GET /_connector (Elasticsearch's default).
const listPageSize = 100

// ListConnectors pages through GET /_connector.
func (c *Client) ListConnectors(ctx context.Context, f ListFilter) ([]Connector, error) {
	var all []Connector
	_, err := c.EachConnectorPage(ctx, f, func(page []Connector) bool {
		all = append(all, page...)
		return true
	})
	return all, err
}

// EachConnectorPage pages through GET /_connector, handing each page to yield until it returns
// false or the list ends. total is the count Elasticsearch reported; it is more than what was
// handed over when the list reaches the 10,000 window of from + size (no page beyond it can be
// asked for) or yield stopped early. The list is a search over the connectors index: a page may
// repeat or skip a connector written while paging.
func (c *Client) EachConnectorPage(ctx context.Context, f ListFilter, yield func(page []Connector) bool) (total int, err error) {
	seen := 0
	for from := 0; ; from += listPageSize {
		q := url.Values{"from": {strconv.Itoa(from)}, "size": {strconv.Itoa(listPageSize)}}
		if len(f.IndexNames) > 0 {
			q.Set("index_name", strings.Join(f.IndexNames, ","))
		}
		if len(f.ServiceTypes) > 0 {
			q.Set("service_type", strings.Join(f.ServiceTypes, ","))
		}
		if len(f.Names) > 0 {
			q.Set("connector_name", strings.Join(f.Names, ","))
		}
		if f.Query != "" {
			q.Set("query", f.Query)
		}
		var out struct {
			Count   int         `json:"count"`
			Results []Connector `json:"results"`
		}
		if _, err := c.do(ctx, &transport.Request{Method: http.MethodGet, Path: "/_connector", Query: q}, &out); err != nil {
			return total, err
		}
		total = out.Count
		seen += len(out.Results)
		if !yield(out.Results) || len(out.Results) < listPageSize || seen >= out.Count || from+2*listPageSize > 10000 {
			return total, nil
		}
	}
}

// DeleteConnector deletes a connector. The query parameters are only sent when true, so that
// servers that do not know them (hard before 9.0, delete_sync_jobs before 8.14) are not sent them.
func (c *Client) DeleteConnector(ctx context.Context, id string, deleteSyncJobs, hard bool) error {
	q := url.Values{}
	if deleteSyncJobs {
		q.Set("delete_sync_jobs", "true")
	}
	if hard {
		q.Set("hard", "true")
	}
	c.wrote(id)
	_, err := c.do(ctx, &transport.Request{Method: http.MethodDelete, Path: connectorPath(id), Query: q}, nil)
	return err
}
