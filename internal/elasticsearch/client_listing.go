package elasticsearch

import (
	"context"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// newListing answers the refreshes of many connectors in one run from one paged GET /_connector
// (the same pages the list resource and the connectors data source read). The list returns the
// same documents as GET /_connector/{id} (the stored source with its id), so a listed connector
// carries every field Read maps. The list is a search over the connectors index: a connector it
// lacks is read by GET, which alone may say it is gone.
func newListing(c *Client) *base.Listing[string, Connector] {
	return &base.Listing[string, Connector]{List: func(ctx context.Context) (map[string]Connector, error) {
		all := map[string]Connector{}
		_, err := c.EachConnectorPage(ctx, ListFilter{}, func(page []Connector) bool {
			for _, conn := range page {
				all[conn.ID] = conn
			}
			return true
		})
		return all, err
	}}
}

// ReadConnector reads a connector for a refresh: from the listing when it holds it, else by
// GetConnector (a 404 APIError when the connector is gone).
func (c *Client) ReadConnector(ctx context.Context, id string) (*Connector, error) {
	if conn, ok := c.listing.Get(ctx, id); ok {
		return &conn, nil
	}
	return c.GetConnector(ctx, id)
}

// wrote keeps later reads of id in this process off the listing, which may predate the write.
func (c *Client) wrote(id string) {
	if id != "" {
		c.listing.Wrote(id)
	}
}
