package jim

import (
	"net/http"
	"sort"
	"strconv"
	"time"
)

// store is everything the emulated server holds. It is guarded by Emulator.mu.
type store struct {
	definitions []*connectorDef
	systems     map[int]*connectedSystem
	nextSystem  int
	nextProfile int
	nextPart    int

	activities map[string]*activity
	tasks      map[string]*workerTask
	jobs       []*job

	// deletions is the last delete request per connected system id, in request order.
	deletions []Deletion
	// failNextDeletion, when set, makes the next background deletion fail with this message.
	failNextDeletion *string
	// failNextImmediate, when set, makes the next deletion that would complete immediately fail
	// with this message (400 BAD_REQUEST, system back to Active).
	failNextImmediate *string
	// failNextRun, when set, makes the next run profile execution end this way (run_failure.go).
	failNextRun *runFailure
	// workerPausedAt is when the worker was paused (zero while it runs): while paused, no
	// background job starts or ends; resumed, every job goes on where it stood.
	workerPausedAt time.Time
	// workerResumedAt is when the worker last resumed: a job waiting for a sync starts no earlier.
	workerResumedAt time.Time
	// snapshotKey is the HMAC key that hides secrets in configuration snapshots.
	snapshotKey []byte
}

func newStore(now time.Time) *store {
	return &store{
		definitions: seedConnectorDefinitions(now.UTC()),
		systems:     map[int]*connectedSystem{},
		activities:  map[string]*activity{},
		tasks:       map[string]*workerTask{},
		snapshotKey: []byte("syncops-emulator-jim-configuration-snapshot-key"),
	}
}

// settingValue is one connected system's value for one setting. StringEncrypted values live in
// encrypted (kept in clear here; the API never returns them).
type settingValue struct {
	stringValue *string
	encrypted   *string
	intValue    *int
	checkbox    bool
}

type connectedSystem struct {
	id                          int
	name                        string
	description                 *string
	created                     time.Time
	lastUpdated                 *time.Time
	status                      string
	settingValuesValid          bool
	def                         *connectorDef
	values                      map[int]*settingValue
	maxExportParallelism        *int
	initialPasswordTimeToLive   *string
	requireSecureTransport      bool
	unresolvedReferenceHandling string

	objects        int
	pendingExports int
	joinedMVOs     int
	runningSync    bool
	// syncEndedAt is when the last sync on this system ended; a deletion queued after it starts then.
	syncEndedAt time.Time

	runProfiles []*runProfile
	partitions  []*partition
	history     []*historyVersion
}

type runProfile struct {
	id          int
	name        string
	runType     string
	pageSize    int
	partitionID *int
	filePath    *string
	verify      bool
}

type partition struct {
	id         int
	name       string
	externalID string
	selected   bool
}

func (s *store) system(id int) *connectedSystem { return s.systems[id] }

// sortedSystems returns systems by id.
func (s *store) sortedSystems() []*connectedSystem {
	out := make([]*connectedSystem, 0, len(s.systems))
	for _, cs := range s.systems {
		out = append(out, cs)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (s *store) definition(id int) *connectorDef {
	for _, d := range s.definitions {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// intPathValue parses an {id:int} route value; false means the route constraint does not match
// and JIM would fall through to the web UI page.
func intPathValue(r *http.Request, name string) (int, bool) {
	v := r.PathValue(name)
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || v == "" || v[0] == '+' {
		return 0, false
	}
	return int(n), true
}
