package polytomic

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

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
	c.wrote(created.ID)
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
	// Recorded before sending: an update whose answer is lost may still have been applied.
	c.wrote(id)
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
	c.wrote(id)
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
