package polytomic

import "context"

// A Terraform run that refreshes many connections reads them from one listing: GET
// /api/connections answers with every connection of the caller's organization in one request (the
// API has no pagination) and with the same object as GET /api/connections/{id}
// (ConnectionResponseSchema: configuration masked, audit fields), so a listed connection maps to
// exactly what a read of its own would. See base.Listing for when the listing answers.

// connectionsByID is the listing's lister: the list call the list resource uses, keyed by id.
func (c *Client) connectionsByID(ctx context.Context) (map[string]Connection, error) {
	all, err := c.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Connection, len(all))
	for _, conn := range all {
		out[conn.ID] = conn
	}
	return out, nil
}

// ReadConnection reads a connection for a refresh: from this process's listing when it can
// answer, else with GET /api/connections/{id}, which alone may say the connection is gone.
func (c *Client) ReadConnection(ctx context.Context, id string) (*Connection, error) {
	if conn, ok := c.connections.Get(ctx, id); ok {
		return &conn, nil
	}
	return c.GetConnection(ctx, id)
}

// wrote records a create, update or delete of id by this process: its reads no longer come
// from a listing, which may predate the write.
func (c *Client) wrote(id string) { c.connections.Wrote(id) }
