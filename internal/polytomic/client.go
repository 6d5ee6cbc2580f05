// Package polytomic is the Polytomic part of the provider: the connections API client, the
// provider block, the syncops_polytomic_connection resource and its data sources.
package polytomic

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

func asAPIError(err error, target **transport.APIError) bool { return errors.As(err, target) }

func asNetworkError(err error, target **transport.NetworkError) bool { return errors.As(err, target) }

// Client calls the Polytomic connections API.
type Client struct {
	http *transport.Client

	// cacheKey identifies the deployment and API version for the process-wide schema cache.
	cacheKey string

	mu    sync.Mutex
	types []ConnectionType

	// connections answers the refresh of many connections in one run from one
	// GET /api/connections (client_listing.go).
	connections base.Listing[string, Connection]
}

// NewClient wraps a transport client for the deployment at baseURL speaking apiVersion.
func NewClient(tc *transport.Client, baseURL, apiVersion string) *Client {
	c := &Client{http: tc, cacheKey: baseURL + "|" + apiVersion}
	c.connections.List = c.connectionsByID
	return c
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
	// Each part of metadata on its own: one of an unexpected shape must not hide the other.
	var meta map[string]json.RawMessage
	if len(body.Metadata) > 0 && json.Unmarshal(body.Metadata, &meta) == nil {
		var usedBy []Dependent
		if json.Unmarshal(meta["used_by"], &usedBy) == nil {
			for _, d := range usedBy {
				e.Details = append(e.Details, d.String())
			}
		}
		e.Details = append(e.Details, errorList(meta["errors"])...)
	}
	for _, h := range []string{"X-Request-Id", "X-Polytomic-Request-Id"} {
		if v := resp.Header.Get(h); v != "" {
			e.RequestID = v
			break
		}
	}
}

// errorList reads metadata.errors, whose shape Polytomic does not document: a list of messages, or
// messages by field ({"port": ["expected integer"]} reads "port: expected integer").
func errorList(raw json.RawMessage) []string {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var byField map[string]any
	if json.Unmarshal(raw, &byField) != nil {
		return nil
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(byField)) {
		switch v := byField[k].(type) {
		case string:
			out = append(out, k+": "+v)
		case []any:
			for _, m := range v {
				out = append(out, fmt.Sprintf("%s: %v", k, m))
			}
		}
	}
	return out
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
