package haven

import (
	"context"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// listedStatus is what one listing of the account knows of a connector: that it exists, its
// flavor (listresources), and the newest run of a cloud connector that has run (connectorhistory).
//
// What a listing cannot answer, and so is read connector by connector: the configuration blocks
// (config, destination, schedule, credentials_policy), which only retrieveconfig returns; and the
// status of a connector with no run in the history, which connectorstatus alone says: IDLE for a
// connector never run is not documented (reference §3.5, inferred), and a history that shows no
// run cannot tell "never ran" from "its runs are not listed".
type listedStatus struct {
	Flavor string
	Latest *Run
}

// newListing is the client's one listing: every connector and the newest run of each.
func newListing(c *Client) *base.Listing[string, listedStatus] {
	return &base.Listing[string, listedStatus]{List: func(ctx context.Context) (map[string]listedStatus, error) {
		conns, err := c.ListConnectors(ctx, "")
		if err != nil {
			return nil, err
		}
		runs, err := c.LatestRuns(ctx)
		if err != nil {
			return nil, err
		}
		out := make(map[string]listedStatus, len(conns))
		for _, lc := range conns {
			e := listedStatus{Flavor: lc.Flavor}
			// A run of a name listresources does not show (a connector deleted since, whose
			// history outlives it) answers for no one.
			if r, ok := runs[lc.Name]; ok && !IsOnsite(lc.Flavor) {
				e.Latest = &r
			}
			out[lc.Name] = e
		}
		return out, nil
	}}
}

// CurrentStatus is a cloud connector's status: its newest run in the listing when the listing
// shows one, else connectorstatus. A listing answers for at most its age (base.Listing.MaxAge),
// never for a connector this client changed since (wrote).
func (c *Client) CurrentStatus(ctx context.Context, name string) (string, error) {
	if e, ok := c.listing.Get(ctx, name); ok && e.Latest != nil {
		return e.Latest.Status, nil
	}
	st, err := c.ConnectorStatus(ctx, name)
	if err != nil {
		return "", err
	}
	return st.Status, nil
}

// wrote records a change this client is making to a connector: its status is never answered from
// a listing older than the change.
func (c *Client) wrote(name string) { c.listing.Wrote(name) }
