package elasticsearch

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// update calls one PUT /_connector/{id}/_xxx sub-endpoint and returns "updated" or "noop".
func (c *Client) update(ctx context.Context, id, endpoint string, body any, secrets ...string) (string, error) {
	var out struct {
		Result string `json:"result"`
	}
	c.wrote(id)
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
