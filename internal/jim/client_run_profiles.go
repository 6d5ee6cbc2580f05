package jim

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Run types.
var RunTypes = []string{"FullImport", "DeltaImport", "FullSynchronisation", "DeltaSynchronisation", "Export"}

// SupportedRunTypes lists the run types JIM accepts for a connector: FullImport, DeltaImport and
// Export follow the connector's supports* flags; synchronisations are always allowed.
func (d *ConnectorDefinition) SupportedRunTypes() []string {
	var out []string
	if d.SupportsFullImport {
		out = append(out, "FullImport")
	}
	if d.SupportsDeltaImport {
		out = append(out, "DeltaImport")
	}
	out = append(out, "FullSynchronisation", "DeltaSynchronisation")
	if d.SupportsExport {
		out = append(out, "Export")
	}
	return out
}

// RunProfile is JIM's RunProfileDto. JIM returns the partition's name, not its id.
type RunProfile struct {
	ID                         int64   `json:"id"`
	Name                       string  `json:"name"`
	ConnectedSystemID          int64   `json:"connectedSystemId"`
	RunType                    string  `json:"runType"`
	PageSize                   int64   `json:"pageSize"`
	PartitionName              *string `json:"partitionName"`
	TargetsDeselectedPartition bool    `json:"targetsDeselectedPartition"`
	FilePath                   *string `json:"filePath"`
	VerifyImportContentHashes  bool    `json:"verifyImportContentHashes"`
}

// RunProfileRequest is the body of a run profile create (all fields) or update (no RunType; nil
// fields unchanged).
type RunProfileRequest struct {
	Name                      *string `json:"name,omitempty"`
	RunType                   string  `json:"runType,omitempty"`
	PageSize                  *int64  `json:"pageSize,omitempty"`
	PartitionID               *int64  `json:"partitionId,omitempty"`
	FilePath                  *string `json:"filePath,omitempty"`
	VerifyImportContentHashes *bool   `json:"verifyImportContentHashes,omitempty"`
}

// Partition is a partition of an LDAP connected system.
type Partition struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Selected bool   `json:"selected"`
}

func runProfilesPath(csID int64) string { return systemPath(csID) + "/run-profiles" }

// runProfileLists shares one list answer per connected system within the provider process, so a
// refresh of many run profiles costs one request per connected system, whatever Terraform's
// parallelism. Writes invalidate the system's entry.
type runProfileLists struct {
	mu      sync.Mutex
	entries map[int64]*runProfileList
}

type runProfileList struct {
	done     chan struct{}
	profiles []RunProfile
	err      error
}

// RunProfiles lists a connected system's run profiles (JIM has no GET of a single run profile).
func (c *Client) RunProfiles(ctx context.Context, csID int64) ([]RunProfile, error) {
	c.rpLists.mu.Lock()
	if c.rpLists.entries == nil {
		c.rpLists.entries = map[int64]*runProfileList{}
	}
	e, ok := c.rpLists.entries[csID]
	if !ok {
		e = &runProfileList{done: make(chan struct{})}
		c.rpLists.entries[csID] = e
		c.rpLists.mu.Unlock()
		var list []RunProfile
		_, e.err = c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: runProfilesPath(csID)}, &list)
		e.profiles = list
		if e.err != nil {
			c.invalidateRunProfiles(csID, e)
		}
		close(e.done)
		return e.profiles, e.err
	}
	c.rpLists.mu.Unlock()
	select {
	case <-e.done:
		return e.profiles, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// invalidateRunProfiles drops the shared list of a system (only the given entry, when not nil).
func (c *Client) invalidateRunProfiles(csID int64, only *runProfileList) {
	c.rpLists.mu.Lock()
	defer c.rpLists.mu.Unlock()
	if cur, ok := c.rpLists.entries[csID]; ok && (only == nil || cur == only) {
		delete(c.rpLists.entries, csID)
	}
}

// CreateRunProfile creates a run profile. Sent once (JIM has no idempotency keys).
func (c *Client) CreateRunProfile(ctx context.Context, csID int64, req RunProfileRequest) (*RunProfile, error) {
	defer c.invalidateRunProfiles(csID, nil)
	var rp RunProfile
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodPost, Path: runProfilesPath(csID), JSON: req}, &rp); err != nil {
		return nil, err
	}
	if rp.ID == 0 {
		return nil, fmt.Errorf("JIM API: POST %s: the answer has no run profile id", runProfilesPath(csID))
	}
	return &rp, nil
}

// UpdateRunProfile updates a run profile (JIM ignores runType on update).
func (c *Client) UpdateRunProfile(ctx context.Context, csID, id int64, req RunProfileRequest) (*RunProfile, error) {
	defer c.invalidateRunProfiles(csID, nil)
	req.RunType = ""
	var rp RunProfile
	p := runProfilesPath(csID) + "/" + strconv.FormatInt(id, 10)
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodPut, Path: p, JSON: req}, &rp); err != nil {
		return nil, err
	}
	return &rp, nil
}

// DeleteRunProfile deletes a run profile; JIM answers 204, or 404 when it is missing.
func (c *Client) DeleteRunProfile(ctx context.Context, csID, id int64) error {
	defer c.invalidateRunProfiles(csID, nil)
	_, err := c.api.Do(ctx, &transport.Request{Method: http.MethodDelete, Path: runProfilesPath(csID) + "/" + strconv.FormatInt(id, 10)})
	return err
}

// Partitions lists a connected system's partitions.
func (c *Client) Partitions(ctx context.Context, csID int64) ([]Partition, error) {
	var out []Partition
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: systemPath(csID) + "/partitions"}, &out)
	return out, err
}

// ConnectorDefinitionByID reads a connector definition by id (cached with the by-name ones).
func (c *Client) ConnectorDefinitionByID(ctx context.Context, id int64) (*ConnectorDefinition, error) {
	c.mu.Lock()
	for _, d := range c.defs {
		if d.ID == id {
			c.mu.Unlock()
			return d, nil
		}
	}
	c.mu.Unlock()
	var d ConnectorDefinition
	p := connectorDefinitionsPath + "/" + strconv.FormatInt(id, 10)
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: p}, &d); err != nil {
		return nil, err
	}
	if d.ID == 0 || d.Name == "" {
		return nil, fmt.Errorf("JIM API: GET %s: the answer has no connector id or name", p)
	}
	c.mu.Lock()
	c.defs[d.Name] = &d
	c.mu.Unlock()
	return &d, nil
}
