package jim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

const connectedSystemsPath = "/api/v1/synchronisation/connected-systems"

// ConnectedSystem is JIM's ConnectedSystemDetailDto.
type ConnectedSystem struct {
	ID                 int64   `json:"id"`
	Name               string  `json:"name"`
	Description        *string `json:"description"`
	Created            string  `json:"created"`
	LastUpdated        *string `json:"lastUpdated"`
	Status             string  `json:"status"`
	SettingValuesValid bool    `json:"settingValuesValid"`
	Connector          struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"connector"`
	ObjectCount                 int64   `json:"objectCount"`
	PendingExportCount          int64   `json:"pendingExportCount"`
	MaxExportParallelism        *int64  `json:"maxExportParallelism"`
	InitialPasswordTimeToLive   *string `json:"initialPasswordTimeToLive"`
	RequireSecureTransport      bool    `json:"requireSecureTransport"`
	UnresolvedReferenceHandling string  `json:"unresolvedReferenceHandling"`
}

func (cs *ConnectedSystem) validate(method, p string) error {
	if cs.ID == 0 {
		return fmt.Errorf("JIM API: %s %s: the answer has no connected system id", method, p)
	}
	return nil
}

// CreateConnectedSystemRequest is the body of a create.
type CreateConnectedSystemRequest struct {
	Name                  string  `json:"name"`
	Description           *string `json:"description,omitempty"`
	ConnectorDefinitionID int64   `json:"connectorDefinitionId"`
	ChangeReason          string  `json:"changeReason,omitempty"`
}

// UpdateConnectedSystemRequest is a partial update: nil fields are unchanged.
type UpdateConnectedSystemRequest struct {
	Name                        *string                 `json:"name,omitempty"`
	Description                 *string                 `json:"description,omitempty"`
	SettingValues               map[string]SettingValue `json:"settingValues,omitempty"`
	MaxExportParallelism        *int64                  `json:"maxExportParallelism,omitempty"`
	RequireSecureTransport      *bool                   `json:"requireSecureTransport,omitempty"`
	UnresolvedReferenceHandling *string                 `json:"unresolvedReferenceHandling,omitempty"`
	ChangeReason                string                  `json:"changeReason,omitempty"`
}

// IsEmpty reports an update that changes nothing.
func (u *UpdateConnectedSystemRequest) IsEmpty() bool {
	return u.Name == nil && u.Description == nil && len(u.SettingValues) == 0 && u.MaxExportParallelism == nil &&
		u.RequireSecureTransport == nil && u.UnresolvedReferenceHandling == nil
}

func systemPath(id int64) string { return connectedSystemsPath + "/" + strconv.FormatInt(id, 10) }

// GetConnectedSystem reads one connected system.
func (c *Client) GetConnectedSystem(ctx context.Context, id int64) (*ConnectedSystem, error) {
	var cs ConnectedSystem
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: systemPath(id)}, &cs); err != nil {
		return nil, err
	}
	if err := cs.validate(http.MethodGet, systemPath(id)); err != nil {
		return nil, err
	}
	c.rememberConnector(id, cs.Connector.Name)
	return &cs, nil
}

// rememberConnector records a connected system's connector name, which never changes.
func (c *Client) rememberConnector(id int64, name string) {
	if name == "" {
		return
	}
	c.mu.Lock()
	c.connectorOf[id] = name
	c.mu.Unlock()
}

// ConnectorNameOfSystem returns the name of a connected system's connector: the one a read or a
// list of this provider process saw (a system's connector never changes), else one GET of the
// system, shared by the callers that ask while it is under way.
func (c *Client) ConnectorNameOfSystem(ctx context.Context, id int64) (string, error) {
	c.mu.Lock()
	if name, ok := c.connectorOf[id]; ok {
		c.mu.Unlock()
		return name, nil
	}
	wait, loading := c.connectorLoading[id]
	done := make(chan struct{})
	if !loading {
		c.connectorLoading[id] = done
	}
	c.mu.Unlock()
	if loading {
		select {
		case <-wait:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		c.mu.Lock()
		name, ok := c.connectorOf[id]
		c.mu.Unlock()
		if ok {
			return name, nil
		}
		// That read failed: this one tries for itself, and reports its own error.
	} else {
		defer func() {
			c.mu.Lock()
			delete(c.connectorLoading, id)
			c.mu.Unlock()
			close(done)
		}()
	}
	cs, err := c.GetConnectedSystem(ctx, id)
	if err != nil {
		return "", err
	}
	if cs.Connector.Name == "" {
		return "", fmt.Errorf("JIM API: GET %s: the answer names no connector", systemPath(id))
	}
	return cs.Connector.Name, nil
}

// ConnectorOfSystem returns the connector definition of a connected system; the system is read
// once per provider process, since its connector cannot change.
func (c *Client) ConnectorOfSystem(ctx context.Context, id int64) (*ConnectorDefinition, error) {
	name, err := c.ConnectorNameOfSystem(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.ConnectorDefinitionByName(ctx, name)
}

// CreateConnectedSystem creates a connected system. JIM has no idempotency keys, so the POST is
// sent once; a lost answer is reported as a *transport.NetworkError with MaybeProcessed.
func (c *Client) CreateConnectedSystem(ctx context.Context, req CreateConnectedSystemRequest) (*ConnectedSystem, error) {
	var cs ConnectedSystem
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodPost, Path: connectedSystemsPath, JSON: req}, &cs); err != nil {
		return nil, err
	}
	return &cs, cs.validate(http.MethodPost, connectedSystemsPath)
}

// UpdateConnectedSystem sends a partial update. secrets are values to mask in logs and errors.
func (c *Client) UpdateConnectedSystem(ctx context.Context, id int64, req UpdateConnectedSystemRequest, secrets []string) (*ConnectedSystem, error) {
	var cs ConnectedSystem
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodPut, Path: systemPath(id), JSON: req, Secrets: secrets}, &cs); err != nil {
		return nil, err
	}
	return &cs, cs.validate(http.MethodPut, systemPath(id))
}

// ConnectedSystemHeader is an item of the connected system list.
type ConnectedSystemHeader struct {
	ID            int64   `json:"id"`
	Name          string  `json:"name"`
	Description   *string `json:"description"`
	Created       string  `json:"created"`
	ConnectorName string  `json:"connectorName"`
	ConnectorID   int64   `json:"connectorId"`
}

// ListConnectedSystems lists every connected system, following pages (100 a page, JIM's
// maximum). filter is JIM's "property:operator:value" filter or empty; JIM ignores a filter it
// cannot parse, so callers match again. The pages are ordered by id: JIM's default order (name) is
// not unique, so a system could move between pages; by id, one created while paging comes last.
func (c *Client) ListConnectedSystems(ctx context.Context, filter string) ([]ConnectedSystemHeader, error) {
	var all []ConnectedSystemHeader
	seen := map[int64]bool{}
	for page := 1; ; page++ {
		q := url.Values{"page": {strconv.Itoa(page)}, "pageSize": {"100"}, "sortBy": {"id"}, "sortDirection": {"asc"}}
		if filter != "" {
			q.Set("filter", filter)
		}
		var body struct {
			Items       []ConnectedSystemHeader `json:"items"`
			HasNextPage bool                    `json:"hasNextPage"`
		}
		if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: connectedSystemsPath, Query: q}, &body); err != nil {
			return nil, err
		}
		for _, h := range body.Items {
			// A system deleted while paging shifts the next page: one may show twice.
			if !seen[h.ID] {
				seen[h.ID] = true
				all = append(all, h)
				c.rememberConnector(h.ID, h.ConnectorName)
			}
		}
		if !body.HasNextPage || len(body.Items) == 0 || page > 10000 {
			return all, nil
		}
	}
}

// nameFilter is JIM's list filter for an exact name, or "" when the name cannot be put in one
// (JIM's filter is "property:operator:value", at most 500 characters).
func nameFilter(property, value string) string {
	f := property + ":eq:" + value
	if value == "" || strings.ContainsAny(value, ":,") || len(f) > 500 {
		return ""
	}
	return f
}

// ConnectedSystemIDByName finds the one connected system with a name; JIM names are not unique,
// so several is an error that lists their ids.
func (c *Client) ConnectedSystemIDByName(ctx context.Context, name string) (int64, error) {
	list, err := c.ListConnectedSystems(ctx, nameFilter("name", name))
	if err != nil {
		return 0, err
	}
	var ids []string
	var id int64
	// JIM ignores a filter it cannot parse, so the name is matched here too.
	for _, h := range list {
		if h.Name == name {
			ids = append(ids, strconv.FormatInt(h.ID, 10))
			id = h.ID
		}
	}
	switch len(ids) {
	case 0:
		return 0, &NameNotFoundError{Name: name}
	case 1:
		return id, nil
	}
	return 0, &AmbiguousNameError{Name: name, IDs: ids}
}

// AmbiguousNameError is a name several connected systems carry.
type AmbiguousNameError struct {
	Name string
	IDs  []string
}

func (e *AmbiguousNameError) Error() string {
	return fmt.Sprintf("%d connected systems are named %q (JIM names are not unique): ids %s. Use the id instead", len(e.IDs), e.Name, strings.Join(e.IDs, ", "))
}

// NameNotFoundError is a name no connected system carries.
type NameNotFoundError struct{ Name string }

func (e *NameNotFoundError) Error() string {
	return fmt.Sprintf("no JIM connected system is named %q", e.Name)
}

// CreateConnectedSystemSafely creates a connected system exactly once, even when answers are lost.
// JIM has no idempotency keys and allows duplicate names, so the systems under the name are listed
// first: after a create whose answer was lost, one new system under the name is the one this create
// made (adopted), none means JIM never processed it (sent again), several is an error naming them.
func (c *Client) CreateConnectedSystemSafely(ctx context.Context, req CreateConnectedSystemRequest) (*ConnectedSystem, error) {
	name := strings.TrimSpace(req.Name)
	list := func(ctx context.Context) ([]int64, error) {
		items, err := c.ListConnectedSystems(ctx, nameFilter("name", name))
		if err != nil {
			return nil, err
		}
		var ids []int64
		for _, h := range items {
			if h.Name == name && (h.ConnectorID == 0 || h.ConnectorID == req.ConnectorDefinitionID) {
				ids = append(ids, h.ID)
			}
		}
		return ids, nil
	}
	before, err := list(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing connected systems named %q before creating one: %w", name, err)
	}
	send := func(ctx context.Context) (*ConnectedSystem, error) { return c.CreateConnectedSystem(ctx, req) }
	find := func(ctx context.Context) (*ConnectedSystem, bool, error) {
		ids, err := list(ctx)
		if err != nil {
			return nil, false, err
		}
		ids = slices.DeleteFunc(ids, func(id int64) bool { return slices.Contains(before, id) })
		switch len(ids) {
		case 0:
			return nil, false, nil
		case 1:
			cs, err := c.GetConnectedSystem(ctx, ids[0])
			return cs, err == nil, err
		}
		return nil, false, fmt.Errorf("JIM now has %d new connected systems named %q (ids %v), made at the same time by someone else; import the right one", len(ids), name, ids)
	}
	created, err := wait.Create(ctx, wait.CreateOptions{What: fmt.Sprintf("JIM connected system %q", name)}, send, find)
	return created.Value, err
}

// Deletion outcomes.
const (
	OutcomeCompletedImmediately  = "CompletedImmediately"
	OutcomeQueuedAsBackgroundJob = "QueuedAsBackgroundJob"
	OutcomeQueuedAfterSync       = "QueuedAfterSync"
)

// DeletionResult is JIM's ConnectedSystemDeletionResult.
type DeletionResult struct {
	Success      bool    `json:"success"`
	Outcome      string  `json:"outcome"`
	ErrorMessage *string `json:"errorMessage"`
	WorkerTaskID *string `json:"workerTaskId"`
	ActivityID   *string `json:"activityId"`
}

// DeleteConnectedSystem starts a deletion. JIM answers 200 when it completed and 202 when it was
// queued; a missing or already-deleting system is a 400 (see IsNotFoundMessage, IsAlreadyDeleting).
// DeleteOptions are the choices of a connected system deletion that change what is lost.
type DeleteOptions struct {
	// ChangeHistory deletes the system's change history too (deleteChangeHistory).
	ChangeHistory bool
	// Deprovision deprovisions the system through synchronisation first (synchronisedDeprovisioning,
	// JIM after 0.14, where it is the default). Always sent, so that false means false there too;
	// JIM 0.14 ignores the parameter.
	Deprovision bool
}

func (c *Client) DeleteConnectedSystem(ctx context.Context, id int64, opts DeleteOptions) (*DeletionResult, int, error) {
	q := url.Values{"deleteChangeHistory": {strconv.FormatBool(opts.ChangeHistory)}, "synchronisedDeprovisioning": {strconv.FormatBool(opts.Deprovision)}}
	var res DeletionResult
	resp, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodDelete, Path: systemPath(id), Query: q}, &res)
	if err != nil {
		return nil, 0, err
	}
	return &res, resp.StatusCode, nil
}

// DeletionPreview is JIM's ConnectedSystemDeletionPreview.
type DeletionPreview struct {
	ConnectedSystemID          int64    `json:"connectedSystemId"`
	ConnectedSystemName        string   `json:"connectedSystemName"`
	ConnectedSystemObjectCount int64    `json:"connectedSystemObjectCount"`
	SyncRuleCount              int64    `json:"syncRuleCount"`
	RunProfileCount            int64    `json:"runProfileCount"`
	PartitionCount             int64    `json:"partitionCount"`
	ContainerCount             int64    `json:"containerCount"`
	PendingExportCount         int64    `json:"pendingExportCount"`
	ActivityCount              int64    `json:"activityCount"`
	JoinedMvoCount             int64    `json:"joinedMvoCount"`
	Warnings                   []string `json:"warnings"`
	EstimatedDeletionTime      string   `json:"estimatedDeletionTime"`
	WillRunAsBackgroundJob     bool     `json:"willRunAsBackgroundJob"`
	HasRunningSyncOperation    bool     `json:"hasRunningSyncOperation"`
}

// GetDeletionPreview reads what deleting a connected system would remove.
func (c *Client) GetDeletionPreview(ctx context.Context, id int64) (*DeletionPreview, error) {
	var p DeletionPreview
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: systemPath(id) + "/deletion-preview"}, &p)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// IsNotFoundMessage reports JIM's 400 for a connected system that does not exist (JIM answers a
// DELETE of a missing system with 400 "Connected System with ID {id} not found.", never 404). Only
// that message counts: a synchronous deletion that fails is a 400 too, and its message (say, a
// file "not found" on the worker) must not pass for "already gone".
func IsNotFoundMessage(err error) bool {
	var e *transport.APIError
	return errors.As(err, &e) && e.Status == http.StatusBadRequest && systemNotFound.MatchString(e.Message)
}

var systemNotFound = regexp.MustCompile(`(?i)^\s*connected system with id \d+ not found\.?\s*$`)

// IsAlreadyDeleting reports JIM's 400 for a connected system whose deletion is under way.
func IsAlreadyDeleting(err error) bool {
	return apiMessageContains(err, http.StatusBadRequest, "already being deleted")
}

func apiMessageContains(err error, status int, s string) bool {
	var e *transport.APIError
	if !errors.As(err, &e) || e.Status != status {
		return false
	}
	return strings.Contains(strings.ToLower(e.Message), s)
}
