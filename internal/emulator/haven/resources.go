package haven

import (
	"slices"
	"sort"
	"strings"
)

// dateCreatedLayout is List Resources' date_created, JavaScript's Date.toString() in UTC as the
// reference's example shows it: "Mon Mar 10 2014 19:29:47 GMT+0000 (UTC)".
const dateCreatedLayout = "Mon Jan 02 2006 15:04:05 GMT+0000 (UTC)"

// checkListResources: type and flavor are array parameters (reference §3.10) and take any value;
// a value that matches nothing lists nothing [Inferred: HOD's answer to an unknown type or
// flavor is not documented].
func checkListResources(params) *hodError { return nil }

// listResources answers List Resources (reference §3.10): the account's resources in
// private_resources, none public. The emulator holds only connectors, so a type filter without
// "connector" lists nothing. Every match is in the one answer: the API documents no paging.
// Entries carry name (resource), type, flavor, description and date_created, plus the
// display_name and resourceUUID of the Salesforce mock; never configuration or credentials.
// They are in name order [Inferred: the order is not documented].
func (e *Emulator) listResources(p params) (any, *hodError) {
	types, flavors := p.list("type"), p.list("flavor")
	out := []map[string]any{}
	if len(types) == 0 || slices.Contains(types, "connector") {
		names := make([]string, 0, len(e.connectors))
		for n := range e.connectors {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			c := e.connectors[n]
			if len(flavors) > 0 && !slices.Contains(flavors, c.flavor) {
				continue
			}
			entry := map[string]any{
				"resource":     c.name,
				"type":         "connector",
				"flavor":       c.flavor,
				"display_name": c.name,
				"resourceUUID": c.uuid,
				"date_created": c.created.UTC().Format(dateCreatedLayout),
			}
			if c.description != "" {
				entry["description"] = c.description
			}
			out = append(out, entry)
		}
	}
	return map[string]any{"public_resources": []any{}, "private_resources": out}, nil
}

// newUUID is a resourceUUID: random, in the 8-4-4-4-12 hex shape.
func newUUID() string { return strings.TrimPrefix(newJobID(), "usw3p_") }
