package haven

import (
	"context"
	"fmt"
	"net/url"
)

// ListedConnector is one connector as List Resources shows it (reference §3.10): its name and
// flavor, its description and creation date; never its configuration, schedule or credentials.
type ListedConnector struct {
	Name        string `json:"resource"`
	Type        string `json:"type"`
	Flavor      string `json:"flavor"`
	Description string `json:"description"`
	DateCreated string `json:"date_created"`
}

// ListConnectors lists the account's connectors, of one flavor when flavor is not empty (exact
// match). listresources documents no paging: one answer holds every match.
func (c *Client) ListConnectors(ctx context.Context, flavor string) ([]ListedConnector, error) {
	p := url.Values{"type": {"connector"}}
	if flavor != "" {
		p.Set("flavor", flavor)
	}
	var out struct {
		Private *[]ListedConnector `json:"private_resources"`
	}
	if err := c.call(ctx, "listresources", p, &out); err != nil {
		return nil, err
	}
	if out.Private == nil {
		return nil, fmt.Errorf("%s API: listresources: the answer has no private_resources", PlatformName)
	}
	// The filters are the server's; they are applied again so that an answer holding other types,
	// or flavors under an older name ("web" for web_cloud), is never taken for a match.
	conns := make([]ListedConnector, 0, len(*out.Private))
	for _, lc := range *out.Private {
		if lc.Type != "connector" || lc.Name == "" || (flavor != "" && lc.Flavor != flavor) {
			continue
		}
		conns = append(conns, lc)
	}
	return conns, nil
}
