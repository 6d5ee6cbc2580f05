package jim

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// Run types.
var RunTypes = []string{"FullImport", "DeltaImport", "FullSynchronisation", "DeltaSynchronisation", "Export"}

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

// CreateRunProfileSafely creates a run profile exactly once, even when answers are lost: as for
// connected systems (CreateConnectedSystemSafely), the profiles of the same name and run type are
// listed first, and one new one after a lost answer is adopted.
func (c *Client) CreateRunProfileSafely(ctx context.Context, csID int64, req RunProfileRequest) (*RunProfile, error) {
	name := ""
	if req.Name != nil {
		name = *req.Name
	}
	list := func(ctx context.Context) ([]RunProfile, error) {
		c.invalidateRunProfiles(csID, nil)
		all, err := c.RunProfiles(ctx, csID)
		return slices.DeleteFunc(slices.Clone(all), func(rp RunProfile) bool { return rp.Name != name || rp.RunType != req.RunType }), err
	}
	before, err := list(ctx)
	if err != nil {
		return nil, err
	}
	send := func(ctx context.Context) (*RunProfile, error) { return c.CreateRunProfile(ctx, csID, req) }
	find := func(ctx context.Context) (*RunProfile, bool, error) {
		now, err := list(ctx)
		if err != nil {
			return nil, false, err
		}
		created := slices.DeleteFunc(now, func(rp RunProfile) bool {
			return slices.ContainsFunc(before, func(b RunProfile) bool { return b.ID == rp.ID })
		})
		switch len(created) {
		case 0:
			return nil, false, nil
		case 1:
			return &created[0], true, nil
		}
		ids := make([]int64, len(created))
		for i, rp := range created {
			ids[i] = rp.ID
		}
		return nil, false, fmt.Errorf("JIM now has %d new run profiles named %q on connected system %d (ids %v); import the right one", len(created), name, csID, ids)
	}
	created, err := wait.Create(ctx, wait.CreateOptions{What: fmt.Sprintf("JIM run profile %q on connected system %d", name, csID)}, send, find)
	return created.Value, err
}
