// Package polytomic is the Polytomic part of the provider: the connections API client, the
// provider block, the syncops_polytomic_connection resource and its data sources.
package polytomic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

func asAPIError(err error, target **transport.APIError) bool { return errors.As(err, target) }

func asNetworkError(err error, target **transport.NetworkError) bool { return errors.As(err, target) }

// Mask detection: the API redacts sensitive values with asterisks of no meaningful length.
func isMasked(v any) bool {
	s, ok := v.(string)
	return ok && s != "" && strings.Trim(s, "*") == ""
}

// Client calls the Polytomic connections API.
type Client struct {
	http *transport.Client

	// cacheKey identifies the deployment and API version for the process-wide schema cache.
	cacheKey string

	mu    sync.Mutex
	types []ConnectionType
}

// NewClient wraps a transport client for the deployment at baseURL speaking apiVersion.
func NewClient(tc *transport.Client, baseURL, apiVersion string) *Client {
	return &Client{http: tc, cacheKey: baseURL + "|" + apiVersion}
}

// newTransport builds the transport for Polytomic: Bearer or Basic auth, the version header on
// every request, Idempotency-Key for creates and ApiError decoding.
func newTransport(baseURL string, auth string, apiVersion string, masker *transport.Masker, common transportOptions) (*transport.Client, error) {
	cfg := transport.Config{
		Platform:          "Polytomic",
		BaseURL:           baseURL,
		Header:            http.Header{"Authorization": {auth}, "X-Polytomic-Version": {apiVersion}},
		Masker:            masker,
		AttemptTimeout:    common.attemptTimeout,
		TLSConfig:         common.tlsConfig,
		IdempotencyHeader: "Idempotency-Key",
		DecodeError:       decodeAPIError,
	}
	if common.tune != nil {
		common.tune(&cfg)
	}
	return transport.New(cfg)
}

// decodeAPIError reads the ApiError body ({"key","message","metadata","status"}), the 401
// RestErrResponse ({"code","error","status"}) and the older shapes ({"message","status_code"},
// {"error":{"message"}}). "connection in use" lists its dependants in Details.
func decodeAPIError(resp *transport.Response, e *transport.APIError) {
	var body struct {
		Key      string          `json:"key"`
		Message  string          `json:"message"`
		Error    json.RawMessage `json:"error"`
		Metadata json.RawMessage `json:"metadata"`
	}
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		return
	}
	e.Code = body.Key
	e.Message = body.Message
	if e.Message == "" && len(body.Error) > 0 {
		var s string
		var nested struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(body.Error, &s) == nil {
			e.Message = s
		} else if json.Unmarshal(body.Error, &nested) == nil {
			e.Message = nested.Message
		}
	}
	var meta struct {
		UsedBy []Dependent `json:"used_by"`
		Errors []string    `json:"errors"`
	}
	if len(body.Metadata) > 0 && json.Unmarshal(body.Metadata, &meta) == nil {
		for _, d := range meta.UsedBy {
			e.Details = append(e.Details, d.String())
		}
		e.Details = append(e.Details, meta.Errors...)
	}
	for _, h := range []string{"X-Request-Id", "X-Polytomic-Request-Id"} {
		if v := resp.Header.Get(h); v != "" {
			e.RequestID = v
			break
		}
	}
}

// Dependent is an object that uses a connection (from a 422 "connection in use").
type Dependent struct {
	Type string `json:"type"`
	Name string `json:"name"`
	ID   string `json:"id"`
}

func (d Dependent) String() string { return fmt.Sprintf("%s %q (%s)", d.Type, d.Name, d.ID) }

// ConnectionTypeRef is the type object embedded in connections.
type ConnectionTypeRef struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	LogoURL    string   `json:"logo_url"`
	Operations []string `json:"operations"`
}

// Connection is a connection as the API returns it (the union of the create/update and the
// get/list schemas; each answer fills its own subset).
type Connection struct {
	ID                  string            `json:"id"`
	Name                string            `json:"name"`
	Type                ConnectionTypeRef `json:"type"`
	OrganizationID      string            `json:"organization_id"`
	Configuration       map[string]any    `json:"configuration"`
	Policies            []string          `json:"policies"`
	HealthcheckInterval *string           `json:"healthcheck_interval"`
	Status              string            `json:"status"`
	StatusError         string            `json:"status_error"`
	CreatedAt           string            `json:"created_at"`
	UpdatedAt           string            `json:"updated_at"`
	AuthURL             string            `json:"auth_url"`
}

// ConnectionRequest is the create and update body. Type is only sent on create.
type ConnectionRequest struct {
	Name           string         `json:"name"`
	Type           string         `json:"type,omitempty"`
	Configuration  map[string]any `json:"configuration"`
	OrganizationID string         `json:"organization_id,omitempty"`
	// Policies is omitted when nil; an update sends an empty list to clear them.
	Policies *[]string `json:"policies,omitempty"`
	// HealthcheckInterval is omitted when nil; an update sends "" to remove the override.
	HealthcheckInterval *string `json:"healthcheck_interval,omitempty"`
	Validate            *bool   `json:"validate,omitempty"`
}

type envelope[T any] struct {
	Data *T `json:"data"`
}

func decodeData[T any](c *Client, resp *transport.Response) (*T, error) {
	var env envelope[T]
	if err := c.http.Decode(resp, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, &transport.DecodeError{Platform: "Polytomic", Method: resp.Method, Path: resp.Path, Status: resp.StatusCode,
			What: `the answer has no "data" object`}
	}
	return env.Data, nil
}

// secretValues lists the literal string values of a sensitive configuration, to mask them.
func secretValues(secrets map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case map[string]any:
			for _, x := range t {
				walk(x)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	walk(secrets)
	return out
}

// CreateConnection sends POST /api/connections with an Idempotency-Key, so the transport may
// re-send it after a lost answer and the API still creates one connection. secrets are the
// literal secret values in the body, masked in logs and errors.
//
// A 409 to a re-sent attempt means an earlier attempt with this key is still being processed
// (its answer timed out, the server went on): as the idempotency guide says, the client waits
// for it to finish and sends the same key again, which replays the first outcome.
func (c *Client) CreateConnection(ctx context.Context, req ConnectionRequest, idempotencyKey string, secrets []string) (*Connection, error) {
	send := func(ctx context.Context) (*transport.Response, error) {
		return c.http.Do(ctx, &transport.Request{
			Method: http.MethodPost, Path: "/api/connections", JSON: req,
			IdempotencyKey: idempotencyKey, Secrets: secrets,
		})
	}
	resp, err := send(ctx)
	// A 409 to the first attempt cannot be this key in flight (the key is new): it is an answer.
	if transport.StatusOf(err) == http.StatusConflict && resp != nil && resp.Attempts > 1 {
		_, werr := wait.For(ctx, wait.Options{
			What: "the earlier attempt of this Polytomic connection create (same Idempotency-Key) to finish",
			NextStep: "The connection may have been created: look for it in Polytomic and import it " +
				"(`terraform import <address> name:<connection name>`) rather than applying again.",
		}, func(ctx context.Context) (wait.Status, error) {
			resp, err = send(ctx)
			if transport.StatusOf(err) == http.StatusConflict {
				return wait.Status{State: "in progress (HTTP 409)"}, nil
			}
			return wait.Status{State: "finished", Done: true}, nil
		})
		if werr != nil {
			return nil, werr
		}
	}
	if err != nil {
		return nil, err
	}
	created, err := decodeData[Connection](c, resp)
	if err != nil {
		return nil, err
	}
	if created.ID == "" {
		return nil, &transport.DecodeError{Platform: "Polytomic", Method: resp.Method, Path: resp.Path, Status: resp.StatusCode,
			What: "the create answer has no connection id"}
	}
	return created, nil
}

// GetConnection reads one connection (secrets masked).
func (c *Client) GetConnection(ctx context.Context, id string) (*Connection, error) {
	resp, err := c.http.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/connections/" + url.PathEscape(id)})
	if err != nil {
		return nil, err
	}
	return decodeData[Connection](c, resp)
}

// ListConnections returns every connection of the caller's organization (no pagination).
func (c *Client) ListConnections(ctx context.Context) ([]Connection, error) {
	resp, err := c.http.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/connections"})
	if err != nil {
		return nil, err
	}
	out, err := decodeData[[]Connection](c, resp)
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// UpdateConnection sends PUT /api/connections/{id}: a full replacement of the non-sensitive
// configuration; sensitive keys left out keep their stored values.
func (c *Client) UpdateConnection(ctx context.Context, id string, req ConnectionRequest, secrets []string) (*Connection, error) {
	resp, err := c.http.Do(ctx, &transport.Request{
		Method: http.MethodPut, Path: "/api/connections/" + url.PathEscape(id), JSON: req, Secrets: secrets,
	})
	if err != nil {
		return nil, err
	}
	return decodeData[Connection](c, resp)
}

// DeleteConnection sends DELETE /api/connections/{id}?force=<force>. With force the API deletes
// the syncs, bulk syncs, fieldsets and schedules that use the connection first.
func (c *Client) DeleteConnection(ctx context.Context, id string, force bool) error {
	_, err := c.http.Do(ctx, &transport.Request{
		Method: http.MethodDelete, Path: "/api/connections/" + url.PathEscape(id),
		Query: url.Values{"force": {fmt.Sprint(force)}},
	})
	return err
}

// IsConnectionInUse reports the 422 "connection in use" answer of a delete without force.
func IsConnectionInUse(err error) bool {
	var e *transport.APIError
	if !asAPIError(err, &e) {
		return false
	}
	return e.Status == http.StatusUnprocessableEntity && strings.Contains(strings.ToLower(e.Message), "connection in use")
}

// ConnectionType is an entry of GET /api/connection_types.
type ConnectionType struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	LogoURL    string   `json:"logo_url"`
	Operations []string `json:"operations"`
	UseOAuth   bool     `json:"use_oauth"`
}

// ConnectionTypes lists the catalogue (cached for the provider process).
func (c *Client) ConnectionTypes(ctx context.Context) ([]ConnectionType, error) {
	c.mu.Lock()
	cached := c.types
	c.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	resp, err := c.http.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/connection_types"})
	if err != nil {
		return nil, err
	}
	out, err := decodeData[[]ConnectionType](c, resp)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.types = *out
	c.mu.Unlock()
	return *out, nil
}

// schemaCache holds connection-type schemas for the life of the provider process, shared by
// every configuration of the provider (Terraform configures the provider once per command, and
// tests configure one process many times). Keys are deployment URL, API version and type.
var schemaCache sync.Map // string -> *schemaEntry

type schemaEntry struct {
	// mu makes concurrent plans of the same type wait for one fetch instead of each fetching.
	mu     sync.Mutex
	schema *TypeSchema
}

// ConnectionTypeSchema returns the JSON Schema of a type's configuration, fetched once per
// provider process (failures are not cached).
func (c *Client) ConnectionTypeSchema(ctx context.Context, typeID string) (*TypeSchema, error) {
	v, _ := schemaCache.LoadOrStore(c.cacheKey+"|"+typeID, &schemaEntry{})
	entry, ok := v.(*schemaEntry)
	if !ok {
		return nil, fmt.Errorf("internal error: the schema cache holds a %T", v)
	}
	entry.mu.Lock()
	defer entry.mu.Unlock()
	if entry.schema != nil {
		return entry.schema, nil
	}
	resp, err := c.http.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/connection_types/" + url.PathEscape(typeID)})
	if err != nil {
		return nil, err
	}
	// The one bare (non-enveloped) answer of the API.
	var raw map[string]any
	if err := c.http.Decode(resp, &raw); err != nil {
		return nil, err
	}
	if _, ok := raw["properties"].(map[string]any); !ok {
		return nil, &transport.DecodeError{Platform: "Polytomic", Method: resp.Method, Path: resp.Path, Status: resp.StatusCode,
			What: `the connection type schema has no "properties" object`}
	}
	entry.schema = &TypeSchema{TypeID: typeID, Root: raw}
	return entry.schema, nil
}

// TypeSchema is a connection type's configuration JSON Schema with the vendor keywords
// "sensitive" and "readOnly".
type TypeSchema struct {
	TypeID string
	Root   map[string]any
}

// Field describes one top-level configuration key.
type Field struct {
	Name        string
	Title       string
	Description string
	Type        string
	Required    bool
	Sensitive   bool
	ReadOnly    bool
}

func (s *TypeSchema) properties() map[string]any {
	p, _ := s.Root["properties"].(map[string]any)
	return p
}

func (s *TypeSchema) property(name string) (map[string]any, bool) {
	p, ok := s.properties()[name].(map[string]any)
	return p, ok
}

// Sensitive reports a key the API redacts.
func (s *TypeSchema) Sensitive(name string) bool {
	p, _ := s.property(name)
	sens, _ := p["sensitive"].(bool)
	pw, _ := p["password"].(bool)
	return sens || pw
}

// ReadOnly reports a key Polytomic sets itself: "readOnly", or the lowercase "readonly" some
// vendor schemas use.
func (s *TypeSchema) ReadOnly(name string) bool {
	p, _ := s.property(name)
	ro, _ := p["readOnly"].(bool)
	ro2, _ := p["readonly"].(bool)
	return ro || ro2
}

func (s *TypeSchema) required() map[string]bool {
	out := map[string]bool{}
	if r, ok := s.Root["required"].([]any); ok {
		for _, v := range r {
			if name, ok := v.(string); ok {
				out[name] = true
			}
		}
	}
	return out
}

// Fields lists the top-level configuration keys, sorted by name.
func (s *TypeSchema) Fields() []Field {
	req := s.required()
	var out []Field
	for name := range s.properties() {
		p, _ := s.property(name)
		f := Field{Name: name, Required: req[name], Sensitive: s.Sensitive(name)}
		f.Title, _ = p["title"].(string)
		f.Description, _ = p["description"].(string)
		f.Type, _ = p["type"].(string)
		f.ReadOnly = s.ReadOnly(name)
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *TypeSchema) fieldNames() []string {
	var out []string
	for _, f := range s.Fields() {
		out = append(out, f.Name)
	}
	return out
}

// PublicConfiguration drops the sensitive keys (and any masked value) from a configuration as
// the API returns it: what is left is what Terraform compares for drift. A nil schema (not
// available) falls back to dropping masked values.
func PublicConfiguration(cfg map[string]any, schema *TypeSchema) map[string]any {
	out := map[string]any{}
	for k, v := range cfg {
		if isMasked(v) || (schema != nil && schema.Sensitive(k)) {
			continue
		}
		out[k] = v
	}
	return out
}

// managedConfiguration is the part of a configuration the resource manages: the public part
// without the keys Polytomic sets itself (read-only). They cannot be configured (the plan-time
// check rejects them), so keeping them would make a diff that no configuration removes.
func managedConfiguration(cfg map[string]any, schema *TypeSchema) map[string]any {
	out := PublicConfiguration(cfg, schema)
	if schema != nil {
		for k := range out {
			if schema.ReadOnly(k) {
				delete(out, k)
			}
		}
	}
	return out
}

// SensitiveKeys lists the keys of cfg the schema marks sensitive or the API masked.
func SensitiveKeys(cfg map[string]any, schema *TypeSchema) []string {
	var out []string
	for k, v := range cfg {
		if isMasked(v) || (schema != nil && schema.Sensitive(k)) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// FindConnectionsByName lists the connections with exactly this name.
func (c *Client) FindConnectionsByName(ctx context.Context, name string) ([]Connection, error) {
	all, err := c.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	var out []Connection
	for _, conn := range all {
		if conn.Name == name {
			out = append(out, conn)
		}
	}
	return out, nil
}
