package polytomic

import (
	"context"
	"net/http"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// TestConnectionRequest is the body of POST /api/connections/test (Go SDK TestConnectionRequest).
type TestConnectionRequest struct {
	Type string `json:"type"`
	// Configuration is tested as it is, or merged over the saved configuration of ConnectionID.
	Configuration map[string]any `json:"configuration"`
	ConnectionID  string         `json:"connection_id,omitempty"`
}

// TestConnection asks Polytomic to test a configuration against the upstream service: nil when
// it passed (200, no body), else the API's error. A test saves nothing, so it may be sent again
// after a lost answer. secrets are the literal secret values of the body, masked in logs and
// errors.
func (c *Client) TestConnection(ctx context.Context, req TestConnectionRequest, secrets []string) error {
	if req.Configuration == nil {
		req.Configuration = map[string]any{}
	}
	_, err := c.http.Do(ctx, &transport.Request{
		Method: http.MethodPost, Path: "/api/connections/test", JSON: req,
		Secrets: secrets, Replayable: transport.Bool(true),
	})
	return err
}
