// Package elasticsearch is the Elasticsearch part of the provider: the provider block, a typed
// client for the content connector API (/_connector) and the connector resource and data sources.
package elasticsearch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/base"
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

	// listing answers the refreshes of many connectors from one paged list (client_listing.go).
	listing *base.Listing[string, Connector]
}

// NewClient builds a client over the given transports (one per endpoint, in order of preference).
func NewClient(urls []string, endpoints []*transport.Client) *Client {
	c := &Client{urls: urls, endpoints: endpoints}
	c.listing = newListing(c)
	return c
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

func connectorPath(id string, suffix ...string) string {
	return "/_connector/" + url.PathEscape(id) + strings.Join(suffix, "")
}
