// Package elasticsearch is the Elasticsearch part of the provider: the provider block, a typed
// client for the content connector API (/_connector) and the connector resource and data sources.
package elasticsearch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Client calls one Elasticsearch cluster through one or more endpoints.
type Client struct {
	endpoints []*transport.Client
	urls      []string

	mu   sync.Mutex
	info *ClusterInfo

	// secretFields is shared with the transports' sensitiveLearner (nil in some tests).
	secretFields *secretFields
}

// HideConfigurationSecrets hides, in logs and errors from now on, the given values and the values
// of the named configuration fields in every answer (fields written from
// configuration_secrets_wo, which the connector service may not have flagged sensitive).
func (c *Client) HideConfigurationSecrets(fields, values []string) {
	c.secretFields.add(fields...)
	if len(c.endpoints) > 0 && c.endpoints[0].Masker() != nil {
		c.endpoints[0].Masker().AddSecrets(values...)
	}
}

// ClusterInfo is what GET / says about the cluster.
type ClusterInfo struct {
	ClusterUUID string
	Version     string
	Flavor      string
	major       int
	minor       int
}

// AtLeast reports whether the cluster runs major.minor or later. Serverless projects always
// run the current code whatever version number GET / reports (8.11.0), so they have every
// connector feature this provider uses (reference §2, §10.4).
func (i *ClusterInfo) AtLeast(major, minor int) bool {
	if i.Serverless() {
		return true
	}
	return i.major > major || (i.major == major && i.minor >= minor)
}

// Serverless reports an Elastic Cloud Serverless project (build_flavor "serverless").
func (i *ClusterInfo) Serverless() bool { return i.Flavor == "serverless" }

// NewClient builds a client over the given transports (one per endpoint, in order of preference).
func NewClient(urls []string, endpoints []*transport.Client) *Client {
	return &Client{urls: urls, endpoints: endpoints}
}

// URL is the first endpoint, for messages: a password in it (https://user:pass@host) is hidden.
func (c *Client) URL() string {
	if u, err := url.Parse(c.urls[0]); err == nil {
		return u.Redacted()
	}
	return c.urls[0]
}

// decodeError reads Elasticsearch's error bodies: {"error": {"type", "reason", "caused_by",
// "root_cause"}, "status"} or, for routing errors, {"error": "text", "status"}.
func decodeError(resp *transport.Response, e *transport.APIError) {
	var body struct {
		Error  json.RawMessage `json:"error"`
		Status int             `json:"status"`
	}
	if json.Unmarshal(resp.Body, &body) != nil || len(body.Error) == 0 {
		return
	}
	var text string
	if json.Unmarshal(body.Error, &text) == nil {
		e.Message = text
		return
	}
	var cause errorCause
	if json.Unmarshal(body.Error, &cause) != nil {
		return
	}
	e.Code, e.Message = cause.Type, cause.Reason
	for c := cause.CausedBy; c != nil; c = c.CausedBy {
		e.Details = append(e.Details, fmt.Sprintf("caused by %s: %s", c.Type, c.Reason))
	}
	e.RequestID = resp.Header.Get("X-Opaque-Id")
}

type errorCause struct {
	Type     string      `json:"type"`
	Reason   string      `json:"reason"`
	CausedBy *errorCause `json:"caused_by"`
}

// do sends a request to the first endpoint that answers. A request that got no answer moves on
// to the next endpoint only when it cannot have been processed, or is safe to repeat.
func (c *Client) do(ctx context.Context, req *transport.Request, out any) (*transport.Response, error) {
	var err error
	for _, ep := range c.endpoints {
		var resp *transport.Response
		resp, err = ep.DoJSON(ctx, req, out)
		var ne *transport.NetworkError
		if !errors.As(err, &ne) || ne.MaybeProcessed || ctx.Err() != nil {
			return resp, err
		}
	}
	return nil, err
}

// Info returns the cluster's version and uuid from GET /, asked once per provider process. It
// fails when the server does not say it is Elasticsearch (X-Elastic-Product), as the official
// clients do.
func (c *Client) Info(ctx context.Context) (*ClusterInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.info != nil {
		return c.info, nil
	}
	var body struct {
		ClusterUUID string `json:"cluster_uuid"`
		Version     struct {
			Number      string `json:"number"`
			BuildFlavor string `json:"build_flavor"`
		} `json:"version"`
	}
	resp, err := c.do(ctx, &transport.Request{Method: http.MethodGet, Path: "/"}, &body)
	if err != nil {
		return nil, err
	}
	if resp.Header.Get("X-Elastic-Product") != "Elasticsearch" {
		return nil, fmt.Errorf("the server at %s is not Elasticsearch: its answer to GET / has no \"X-Elastic-Product: Elasticsearch\" header. Check `endpoints`", c.URL())
	}
	info := &ClusterInfo{ClusterUUID: body.ClusterUUID, Version: body.Version.Number, Flavor: body.Version.BuildFlavor}
	parts := strings.SplitN(body.Version.Number, ".", 3)
	if len(parts) >= 2 {
		info.major, _ = strconv.Atoi(parts[0])
		info.minor, _ = strconv.Atoi(strings.SplitN(parts[1], "-", 2)[0])
	}
	if info.major == 0 {
		return nil, fmt.Errorf("the server at %s reports an unreadable Elasticsearch version %.60q", c.URL(), body.Version.Number)
	}
	c.info = info
	return info, nil
}

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
	LastSyncStatus *string                       `json:"last_sync_status"`
	LastSynced     *string                       `json:"last_synced"`
	LastSeen       *string                       `json:"last_seen"`
	SyncNow        bool                          `json:"sync_now"`
	Deleted        bool                          `json:"deleted"`
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

func connectorPath(id string, suffix ...string) string {
	return "/_connector/" + url.PathEscape(id) + strings.Join(suffix, "")
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
	resp, err := c.do(ctx, req, &out)
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		out.ID = id
	}
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
	Query        string
}

// ListConnectors pages through GET /_connector.
func (c *Client) ListConnectors(ctx context.Context, f ListFilter) ([]Connector, error) {
	const page = 100
	var all []Connector
	for from := 0; ; from += page {
		q := url.Values{"from": {strconv.Itoa(from)}, "size": {strconv.Itoa(page)}}
		if len(f.IndexNames) > 0 {
			q.Set("index_name", strings.Join(f.IndexNames, ","))
		}
		if len(f.ServiceTypes) > 0 {
			q.Set("service_type", strings.Join(f.ServiceTypes, ","))
		}
		if f.Query != "" {
			q.Set("query", f.Query)
		}
		var out struct {
			Count   int         `json:"count"`
			Results []Connector `json:"results"`
		}
		if _, err := c.do(ctx, &transport.Request{Method: http.MethodGet, Path: "/_connector", Query: q}, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Results...)
		if len(out.Results) < page || len(all) >= out.Count || from+2*page > 10000 {
			return all, nil
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
	_, err := c.do(ctx, &transport.Request{Method: http.MethodDelete, Path: connectorPath(id), Query: q}, nil)
	return err
}

// update calls one PUT /_connector/{id}/_xxx sub-endpoint and returns "updated" or "noop".
func (c *Client) update(ctx context.Context, id, endpoint string, body any, secrets ...string) (string, error) {
	var out struct {
		Result string `json:"result"`
	}
	_, err := c.do(ctx, &transport.Request{Method: http.MethodPut, Path: connectorPath(id, "/", endpoint), JSON: body, Secrets: secrets}, &out)
	return out.Result, err
}

// UpdateName sets name and/or description (nil ones are left as they are: neither can be cleared).
func (c *Client) UpdateName(ctx context.Context, id string, name, description *string) (string, error) {
	return c.update(ctx, id, "_name", map[string]any{"name": name, "description": description})
}

// UpdateIndexName attaches an index, or detaches it when index is nil.
func (c *Client) UpdateIndexName(ctx context.Context, id string, index *string) (string, error) {
	return c.update(ctx, id, "_index_name", map[string]any{"index_name": index})
}

// UpdateServiceType sets the service type.
func (c *Client) UpdateServiceType(ctx context.Context, id, serviceType string) (string, error) {
	return c.update(ctx, id, "_service_type", map[string]any{"service_type": serviceType})
}

// UpdateConfigurationValues sets values of configuration fields the connector service registered.
func (c *Client) UpdateConfigurationValues(ctx context.Context, id string, values map[string]json.RawMessage, secrets []string) (string, error) {
	return c.update(ctx, id, "_configuration", map[string]any{"values": values}, secrets...)
}

// UpdateScheduling merges the given schedules (keys full, incremental, access_control).
func (c *Client) UpdateScheduling(ctx context.Context, id string, schedules map[string]Schedule) (string, error) {
	return c.update(ctx, id, "_scheduling", map[string]any{"scheduling": schedules})
}

// UpdatePipeline replaces the pipeline settings.
func (c *Client) UpdatePipeline(ctx context.Context, id string, p Pipeline) (string, error) {
	return c.update(ctx, id, "_pipeline", map[string]any{"pipeline": p})
}

// UpdateAPIKeyID sets the API key id and/or its secret id (nil ones are left as they are).
func (c *Client) UpdateAPIKeyID(ctx context.Context, id string, keyID, secretID *string) (string, error) {
	return c.update(ctx, id, "_api_key_id", map[string]any{"api_key_id": keyID, "api_key_secret_id": secretID})
}

// UpdateNative makes the connector Elastic-managed or self-managed.
func (c *Client) UpdateNative(ctx context.Context, id string, native bool) (string, error) {
	return c.update(ctx, id, "_native", map[string]any{"is_native": native})
}
