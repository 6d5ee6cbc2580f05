package jim

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// JIM has no idempotency keys and allows duplicate names, so a create whose answer was lost
// cannot simply be sent again. Creates here look first at what exists under the name; after an
// ambiguous failure they look again, for a few seconds: one new object is the one this create made (adopted), none
// means the server never processed the request (sent again), anything else is an error.

const maxCreateAttempts = 3

// createSettle is how long a create whose answer was lost is given to show up before it is taken as
// never processed and sent again: the server may still be working on a request the client gave up
// on (an attempt that timed out), and sending it again then would make a duplicate.
const createSettle = 5 * time.Second

// newSince lists until the listing holds something that was not there before the create, or the
// settle window has passed, and returns what is new.
func newSince[T any](ctx context.Context, list func() ([]T, error), existed func(T) bool) ([]T, error) {
	var created []T
	_, err := wait.Appear(ctx, createSettle, "the object of a create whose answer was lost", func(context.Context) (bool, error) {
		items, err := list()
		if err != nil {
			return false, err
		}
		created = slices.DeleteFunc(items, existed)
		return len(created) > 0, nil
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// CreateConnectedSystemSafely creates a connected system exactly once, even when answers are lost.
func (c *Client) CreateConnectedSystemSafely(ctx context.Context, req CreateConnectedSystemRequest) (*ConnectedSystem, error) {
	name := strings.TrimSpace(req.Name)
	list := func() ([]int64, error) {
		items, err := c.ListConnectedSystems(ctx, "name:eq:"+name)
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
	before, err := list()
	if err != nil {
		return nil, fmt.Errorf("listing connected systems named %q before creating one: %w", name, err)
	}
	var lastErr error
	for attempt := 1; attempt <= maxCreateAttempts; attempt++ {
		cs, err := c.CreateConnectedSystem(ctx, req)
		if err == nil || !transport.MaybeProcessed(err) {
			return cs, err
		}
		lastErr = err
		created, lerr := newSince(ctx, list, func(id int64) bool { return slices.Contains(before, id) })
		if lerr != nil {
			return nil, fmt.Errorf("%w\n\nJIM may have created the system; checking failed too (%v). Look for a connected system named %q in JIM and import it rather than applying again", err, lerr, name) //nolint:errorlint // only the first error is wrapped: callers classify by it (IsNotFound, MaybeProcessed), the failed check is context
		}
		switch len(created) {
		case 0:
			tflog.Info(ctx, "JIM did not create the connected system; sending the create again", map[string]any{"name": name, "attempt": attempt})
			continue
		case 1:
			tflog.Info(ctx, "the create's answer was lost but JIM created the connected system; adopting it", map[string]any{"name": name, "id": created[0]})
			return c.GetConnectedSystem(ctx, created[0])
		default:
			return nil, fmt.Errorf("%w\n\nJIM now has %d new connected systems named %q (ids %v), made at the same time by someone else; import the right one", err, len(created), name, created)
		}
	}
	return nil, lastErr
}

// CreateRunProfileSafely creates a run profile exactly once, even when answers are lost.
func (c *Client) CreateRunProfileSafely(ctx context.Context, csID int64, req RunProfileRequest) (*RunProfile, error) {
	name := ""
	if req.Name != nil {
		name = *req.Name
	}
	list := func() ([]RunProfile, error) {
		c.invalidateRunProfiles(csID, nil)
		all, err := c.RunProfiles(ctx, csID)
		return slices.DeleteFunc(slices.Clone(all), func(rp RunProfile) bool { return rp.Name != name || rp.RunType != req.RunType }), err
	}
	before, err := list()
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 1; attempt <= maxCreateAttempts; attempt++ {
		rp, err := c.CreateRunProfile(ctx, csID, req)
		if err == nil || !transport.MaybeProcessed(err) {
			return rp, err
		}
		lastErr = err
		created, lerr := newSince(ctx, list, func(rp RunProfile) bool {
			return slices.ContainsFunc(before, func(b RunProfile) bool { return b.ID == rp.ID })
		})
		if lerr != nil {
			return nil, fmt.Errorf("%w\n\nJIM may have created the run profile; checking failed too (%v)", err, lerr) //nolint:errorlint // only the first error is wrapped: callers classify by it (IsNotFound, MaybeProcessed), the failed check is context
		}
		switch len(created) {
		case 0:
			continue
		case 1:
			tflog.Info(ctx, "the create's answer was lost but JIM created the run profile; adopting it", map[string]any{"name": name, "id": created[0].ID})
			return &created[0], nil
		default:
			return nil, fmt.Errorf("%w\n\nJIM now has %d new run profiles named %q on connected system %d; import the right one", err, len(created), name, csID)
		}
	}
	return nil, lastErr
}
