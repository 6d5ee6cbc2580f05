package haven

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Flavors are the documented connector flavors (reference §2).
var Flavors = []string{
	"web_cloud", "dropbox_cloud", "exchange_cloud", "imap_cloud", "jive_cloud", "sharepoint_cloud",
	"twitter_cloud", "filesystem_onsite", "sharepoint_onsite", "web_onsite",
}

// NamePattern is the allowed connector name (reference §2: only the 100-character maximum is
// documented; the character set is [Inferred]).
var NamePattern = regexp.MustCompile(`^[A-Za-z0-9_\-]{1,100}$`)

// MinOnsiteInterval is the smallest schedule interval of an onsite connector, in seconds.
const MinOnsiteInterval = 21600

// Connector statuses (reference §8).
const (
	StatusIdle       = "IDLE"
	StatusQueued     = "QUEUED"
	StatusProcessing = "PROCESSING"
	StatusFinished   = "FINISHED"
	StatusError      = "ERROR"
	StatusStopping   = "STOPPING"
	StatusStopped    = "STOPPED"
)

// timeLayout is HOD's "DD/MM/YYYY HH:mm:ss Z" (e.g. "24/04/2015 17:11:05 +00:00").
const timeLayout = "02/01/2006 15:04:05 -07:00"

func isOnsite(flavor string) bool { return strings.HasSuffix(flavor, "_onsite") }

type connector struct {
	name              string
	flavor            string
	config            map[string]any
	destination       map[string]any
	schedule          map[string]any
	credentials       map[string]any
	credentialsPolicy map[string]any
	description       string
	// decryptionToken is the token Haven emails for a cloud connector with credentials.
	decryptionToken string
	created         time.Time
	// uuid is List Resources' resourceUUID.
	uuid string
	// runs, oldest first.
	runs []*run
}

type run struct {
	token        string
	queued       time.Time
	processStart time.Time
	// end is when the run finishes unless stopped.
	end    time.Time
	stopAt time.Time
	// failure, when set, makes the run end ERROR instead of FINISHED (run_failure.go).
	failure *runFailure
	// scheduled is a run the schedule started (the run control), not startconnector.
	scheduled bool
}

func (r *run) status(now time.Time, stopDuration time.Duration) string {
	switch {
	case !r.stopAt.IsZero() && now.Before(r.stopAt.Add(stopDuration)):
		return StatusStopping
	case !r.stopAt.IsZero():
		return StatusStopped
	case now.Before(r.processStart):
		return StatusQueued
	case now.Before(r.end):
		return StatusProcessing
	case r.failure != nil:
		return StatusError
	}
	return StatusFinished
}

func (c *connector) status(now time.Time, stopDuration time.Duration) string {
	if len(c.runs) == 0 {
		return StatusIdle
	}
	return c.runs[len(c.runs)-1].status(now, stopDuration)
}

func isRunning(status string) bool {
	return status == StatusQueued || status == StatusProcessing || status == StatusStopping
}

// api is one connector API: required parameters, array parameters, checks that need no state
// (made when an asynchronous job is submitted, so a bad request answers an error instead of a
// jobID) and the action itself, run under the emulator lock.
type api struct {
	required []string
	arrays   []string
	check    func(p params) *hodError
	run      func(e *Emulator, p params) (any, *hodError)
}

var apis = map[string]api{
	"createconnector":         {required: []string{"connector", "flavor", "config", "destination"}, check: checkCreate, run: (*Emulator).createConnector},
	"updateconnector":         {required: []string{"connector"}, check: checkUpdate, run: (*Emulator).updateConnector},
	"deleteconnector":         {required: []string{"connector"}, check: checkName, run: (*Emulator).deleteConnector},
	"retrieveconfig":          {required: []string{"connector"}, check: checkRetrieve, run: (*Emulator).retrieveConfig},
	"connectorstatus":         {required: []string{"connector"}, check: checkStatus, run: (*Emulator).connectorStatus},
	"startconnector":          {required: []string{"connector"}, check: checkStart, run: (*Emulator).startConnector},
	"stopconnector":           {required: []string{"connector"}, check: checkName, run: (*Emulator).stopConnector},
	"cancelconnectorschedule": {required: []string{"connector"}, check: checkName, run: (*Emulator).cancelSchedule},
	// connectorhistory takes connector (HOD quick start) or connectors (IOD, an array) [Inferred].
	"connectorhistory": {arrays: []string{"connectors", "tokens", "statuses"}, check: checkHistory, run: (*Emulator).connectorHistory},
	// listresources is not a connector API, but lists connectors by name and flavor (§3.10).
	"listresources": {arrays: []string{"type", "flavor"}, check: checkListResources, run: (*Emulator).listResources},
}

func (a api) validate(p params) *hodError {
	var missing []string
	for _, name := range a.required {
		if !p.has(name) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return errMissing(missing...)
	}
	return a.check(p)
}

func checkName(p params) *hodError {
	if !NamePattern.MatchString(p.get("connector")) {
		return newError(8004, detailMessage("connector names are 1 to 100 characters among A-Z, a-z, 0-9, _ and -"))
	}
	return nil
}

// checkBlocks validates the json-typed parameters that are present.
func checkBlocks(p params) *hodError {
	for _, name := range []string{"config", "credentials"} {
		if _, _, he := p.object(name); he != nil {
			return he
		}
	}
	if dest, ok, he := p.object("destination"); he != nil {
		return he
	} else if ok {
		action, _ := dest["action"].(string)
		if action == "" {
			return errInvalidValue("destination", "destination needs an action, e.g. addtotextindex")
		}
		if index, _ := dest["index"].(string); action == "addtotextindex" && index == "" {
			return errInvalidValue("destination", "destination with action addtotextindex needs an index")
		}
	}
	if sched, ok, he := p.object("schedule"); he != nil {
		return he
	} else if ok {
		if _, he := scheduleInterval(sched); he != nil {
			return he
		}
	}
	if pol, ok, he := p.object("credentials_policy"); he != nil {
		return he
	} else if ok {
		if email, _ := pol["notification_email"].(string); email == "" {
			return errInvalidValue("credentials_policy", "credentials_policy needs a notification_email")
		}
	}
	return nil
}

func scheduleInterval(sched map[string]any) (float64, *hodError) {
	freq, ok := sched["frequency"].(map[string]any)
	if !ok {
		return 0, errInvalidValue("schedule", "schedule needs a frequency object, e.g. {\"frequency_type\": \"seconds\", \"interval\": 86400}")
	}
	if ft, _ := freq["frequency_type"].(string); ft != "seconds" {
		return 0, errInvalidValue("schedule", "schedule.frequency.frequency_type must be \"seconds\"")
	}
	interval, ok := freq["interval"].(float64)
	if !ok || interval <= 0 {
		return 0, errInvalidValue("schedule", "schedule.frequency.interval must be a positive number of seconds")
	}
	return interval, nil
}

// checkOnsiteSchedule: onsite connectors need a schedule (HOD cannot start them) with an
// interval of at least six hours (9005).
func checkOnsiteSchedule(flavor string, sched map[string]any, present bool) *hodError {
	if !isOnsite(flavor) {
		return nil
	}
	if !present {
		return errMissing("schedule")
	}
	interval, _ := scheduleInterval(sched)
	if interval < MinOnsiteInterval {
		return newError(9005, detailMessage("onsite connectors need a schedule interval of at least %d seconds, got %v", MinOnsiteInterval, interval))
	}
	return nil
}

// checkFlavorConfig applies the documented web_cloud options (reference §4.4): one start url,
// max_pages from 10 to 1,000,000, duration at least 60 seconds. Other flavors' configs are opaque.
func checkFlavorConfig(flavor string, cfg map[string]any) *hodError {
	if flavor != "web_cloud" {
		return nil
	}
	if u, _ := cfg["url"].(string); u == "" {
		return errInvalidValue("config", "web_cloud config needs a url")
	}
	if v, ok := cfg["max_pages"]; ok {
		if n, isNum := v.(float64); !isNum || n < 10 || n > 1000000 {
			return errInvalidValue("config", "config.max_pages must be from 10 to 1000000, got %v", v)
		}
	}
	if v, ok := cfg["duration"]; ok {
		if n, isNum := v.(float64); !isNum || n < 60 {
			return errInvalidValue("config", "config.duration must be at least 60 seconds, got %v", v)
		}
	}
	return nil
}

func checkCreate(p params) *hodError {
	if he := checkName(p); he != nil {
		return he
	}
	if !slices.Contains(Flavors, p.get("flavor")) {
		return newError(4029, map[string]any{"message": "unknown flavor " + strconv.Quote(p.get("flavor")), "flavors": Flavors})
	}
	if he := checkBlocks(p); he != nil {
		return he
	}
	if p.has("credentials") && !p.has("credentials_policy") {
		return errMissing("credentials_policy")
	}
	cfg, _, _ := p.object("config")
	if he := checkFlavorConfig(p.get("flavor"), cfg); he != nil {
		return he
	}
	sched, ok, _ := p.object("schedule")
	return checkOnsiteSchedule(p.get("flavor"), sched, ok)
}

func checkUpdate(p params) *hodError {
	if he := checkName(p); he != nil {
		return he
	}
	if p.has("flavor") {
		return errInvalidValue("flavor", "the flavor of a connector cannot be changed")
	}
	return checkBlocks(p)
}

func checkRetrieve(p params) *hodError {
	if he := checkName(p); he != nil {
		return he
	}
	switch p.get("output") {
	case "", "config_attributes", "config_file":
		return nil
	}
	return errInvalidValue("output", "output must be config_attributes or config_file")
}

func checkStatus(p params) *hodError {
	if he := checkName(p); he != nil {
		return he
	}
	_, he := p.boolean("schedule_information")
	return he
}

func checkStart(p params) *hodError {
	if he := checkName(p); he != nil {
		return he
	}
	if _, he := p.boolean("ignore_previous_state"); he != nil {
		return he
	}
	_, _, he := p.object("destination")
	return he
}

func checkHistory(p params) *hodError {
	for _, name := range append(p.list("connectors"), p.list("connector")...) {
		if !NamePattern.MatchString(name) {
			return newError(8004, detailMessage("invalid connector name %q", name))
		}
	}
	if _, he := p.boolean("show_latest_only"); he != nil {
		return he
	}
	// start is the number of the first result, counted from 1 (HPE's own Haven OnDemand flows:
	// "number of the first result to display from the total list", default 1); max_page_results
	// is how many a page holds [Inferred: the connectorhistory page gives only the types].
	if v := p.get("start"); v != "" {
		if i, err := strconv.Atoi(v); err != nil || i < 1 {
			return errInvalidValue("start", "start must be a number of 1 or more")
		}
	}
	for _, n := range []string{"max_page_results", "absolute_max_results"} {
		if v := p.get(n); v != "" {
			if i, err := strconv.Atoi(v); err != nil || i < 0 {
				return errInvalidValue(n, "%s must be a non-negative number", n)
			}
		}
	}
	return nil
}

// find returns the connector or the not-found error.
func (e *Emulator) find(name string) (*connector, *hodError) {
	c, ok := e.connectors[name]
	if !ok {
		return nil, errNotFound(name)
	}
	return c, nil
}

func (e *Emulator) createConnector(p params) (any, *hodError) {
	name := p.get("connector")
	if _, exists := e.connectors[name]; exists {
		return nil, errAlreadyExists(name)
	}
	if len(e.connectors) >= e.opts.MaxConnectors {
		return nil, newError(9003, detailMessage("the account may have at most %d connectors", e.opts.MaxConnectors))
	}
	c := &connector{name: name, flavor: p.get("flavor"), description: p.get("description"), created: e.now(), uuid: newUUID()}
	c.config, _, _ = p.object("config")
	c.destination, _, _ = p.object("destination")
	c.schedule, _, _ = p.object("schedule")
	c.credentials, _, _ = p.object("credentials")
	c.credentialsPolicy, _, _ = p.object("credentials_policy")
	e.connectors[name] = c
	if e.router != nil {
		e.router.RecordCreation(name, "apikey")
	}
	out := map[string]any{"connector": name, "message": "connector created"}
	if isOnsite(c.flavor) {
		base := "https://download.havenondemand.com/connectors/" + c.flavor + "/" + name
		out["download_link"] = map[string]string{
			"linux_x86": base + "/linux_x86.zip", "linux_x86_64": base + "/linux_x86_64.zip",
			"windows_x86": base + "/windows_x86.zip", "windows_x86_64": base + "/windows_x86_64.zip",
		}
	}
	return out, nil
}

// updateConnector replaces each block sent, whole; blocks not sent stay as they are.
func (e *Emulator) updateConnector(p params) (any, *hodError) {
	c, he := e.find(p.get("connector"))
	if he != nil {
		return nil, he
	}
	if p.has("credentials") && !p.has("credentials_policy") && c.credentialsPolicy == nil {
		return nil, errMissing("credentials_policy")
	}
	if cfg, ok, _ := p.object("config"); ok {
		if he := checkFlavorConfig(c.flavor, cfg); he != nil {
			return nil, he
		}
	}
	sched, hasSched, _ := p.object("schedule")
	if hasSched {
		if he := checkOnsiteSchedule(c.flavor, sched, true); he != nil {
			return nil, he
		}
	}
	if v, ok, _ := p.object("config"); ok {
		c.config = v
	}
	if v, ok, _ := p.object("destination"); ok {
		c.destination = v
	}
	if hasSched {
		c.schedule = sched
	}
	if v, ok, _ := p.object("credentials"); ok {
		c.credentials = v
	}
	if v, ok, _ := p.object("credentials_policy"); ok {
		c.credentialsPolicy = v
	}
	if _, ok := p["description"]; ok {
		c.description = p.get("description")
	}
	return map[string]any{"connector": c.name, "message": "connector updated"}, nil
}

func (e *Emulator) deleteConnector(p params) (any, *hodError) {
	c, he := e.find(p.get("connector"))
	if he != nil {
		return nil, he
	}
	if st := c.status(e.now(), e.opts.StopDuration); isRunning(st) {
		return nil, errBusy(c.name, st)
	}
	delete(e.connectors, c.name)
	return map[string]any{"deleted": true, "connector": c.name}, nil
}

// token is the decryption token Haven emails for c, minted when first asked for.
func (c *connector) token() string {
	if c.decryptionToken == "" {
		c.decryptionToken = "dt-" + newUUID()
	}
	return c.decryptionToken
}

// checkDecryptionToken asks a credentialed cloud connector for its decryption token, when the
// emulator is set to: missing, 4015 naming token; another value, 4008 [Inferred: the codes of a
// missing and a wrong parameter value, from the documented error table].
func (e *Emulator) checkDecryptionToken(c *connector, p params) *hodError {
	if !e.opts.RequireDecryptionToken || c.credentials == nil || isOnsite(c.flavor) {
		return nil
	}
	switch {
	case !p.has("token"):
		return errMissing("token")
	case p.get("token") != c.token():
		return errInvalidValue("token", "the decryption token of connector %s is not valid", c.name)
	}
	return nil
}

func (e *Emulator) retrieveConfig(p params) (any, *hodError) {
	c, he := e.find(p.get("connector"))
	if he != nil {
		return nil, he
	}
	if he := e.checkDecryptionToken(c, p); he != nil {
		return nil, he
	}
	output := p.get("output")
	if output == "" {
		output = "config_attributes"
		if isOnsite(c.flavor) {
			output = "config_file"
		}
	}
	if output == "config_file" {
		// The config_file shape is not documented (reference §3.4); an INI-style text [Inferred].
		var b strings.Builder
		fmt.Fprintf(&b, "[Connector]\nName=%s\nFlavor=%s\n", c.name, c.flavor)
		keys := make([]string, 0, len(c.config))
		for k := range c.config {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s=%v\n", k, c.config[k])
		}
		return map[string]any{"name": c.name, "flavor": c.flavor, "config": b.String()}, nil
	}
	cfg := map[string]any{"config": c.config, "destination": c.destination}
	if c.schedule != nil {
		cfg["schedule"] = c.schedule
	}
	if c.credentials != nil {
		cfg["credentials"] = c.credentials
	}
	if c.credentialsPolicy != nil {
		cfg["credentials_policy"] = c.credentialsPolicy
	}
	if c.description != "" {
		cfg["description"] = c.description
	}
	return map[string]any{"name": c.name, "flavor": c.flavor, "config": cfg}, nil
}

func (e *Emulator) connectorStatus(p params) (any, *hodError) {
	c, he := e.find(p.get("connector"))
	if he != nil {
		return nil, he
	}
	if isOnsite(c.flavor) {
		return nil, errCloudOnly("connectorstatus", c.name, c.flavor)
	}
	now := e.now()
	out := map[string]any{"connector": c.name, "flavor": c.flavor, "status": c.status(now, e.opts.StopDuration)}
	if len(c.runs) > 0 {
		for k, v := range e.runView(c, c.runs[len(c.runs)-1], now) {
			if k != "connector" {
				out[k] = v
			}
		}
		out["destination_index_name"] = nil
		out["destination_index_status"] = nil
	}
	if withSchedule, _ := p.boolean("schedule_information"); withSchedule {
		sched := map[string]any{"occurrences_remaining": -1, "next_run_time": nil, "last_run_time": nil}
		if c.schedule != nil {
			interval, _ := scheduleInterval(c.schedule)
			if occ, ok := c.schedule["occurrences"].(float64); ok {
				sched["occurrences_remaining"] = int(occ)
			}
			sched["next_run_time"] = now.Add(time.Duration(interval) * time.Second).UTC().Format(timeLayout)
		}
		// The last time the schedule ran the connector (SDK: "The last time the connector was
		// scheduled to run"): runs started with startconnector do not count, so a connector run
		// only by hand shows null, as in the documented example of a PROCESSING run.
		for i := len(c.runs) - 1; i >= 0; i-- {
			if c.runs[i].scheduled {
				sched["last_run_time"] = c.runs[i].queued.UTC().Format(timeLayout)
				break
			}
		}
		out["schedule"] = sched
	}
	return out, nil
}

// runView is one run as connectorstatus and connectorhistory show it.
func (e *Emulator) runView(c *connector, r *run, now time.Time) map[string]any {
	st := r.status(now, e.opts.StopDuration)
	out := map[string]any{
		"connector":   c.name,
		"status":      st,
		"token":       r.token,
		"queued_time": r.queued.UTC().Format(timeLayout),
		"start_time":  r.queued.UTC().Format(timeLayout),
	}
	if st == StatusQueued {
		out["time_in_queue"] = int(now.Sub(r.queued).Seconds())
		out["document_counts"] = map[string]any{}
		return out
	}
	out["time_in_queue"] = int(r.processStart.Sub(r.queued).Seconds())
	out["process_start_time"] = r.processStart.UTC().Format(timeLayout)
	end := now
	switch {
	case !r.stopAt.IsZero():
		end = r.stopAt
	case st == StatusFinished || st == StatusError:
		end = r.end
	}
	out["time_processing"] = int(end.Sub(r.processStart).Seconds())
	added := int(end.Sub(r.processStart).Seconds()) * 3
	out["document_counts"] = map[string]any{"added": added, "deleted": 0, "errors": 0, "ingest_added": added, "ingest_deleted": 0, "ingest_failed": 0}
	if st == StatusFinished || st == StatusStopped || st == StatusError {
		out["process_end_time"] = end.UTC().Format(timeLayout)
	}
	if st == StatusError {
		out["error"], out["failed"] = r.failure.err, r.failure.failed
	}
	return out
}

func (e *Emulator) startConnector(p params) (any, *hodError) {
	c, he := e.find(p.get("connector"))
	if he != nil {
		return nil, he
	}
	if isOnsite(c.flavor) {
		return nil, errCloudOnly("startconnector", c.name, c.flavor)
	}
	if he := e.checkDecryptionToken(c, p); he != nil {
		return nil, he
	}
	now := e.now()
	if st := c.status(now, e.opts.StopDuration); isRunning(st) {
		return nil, errBusy(c.name, st)
	}
	running := 0
	for _, other := range e.connectors {
		if isRunning(other.status(now, e.opts.StopDuration)) {
			running++
		}
	}
	if running >= e.opts.MaxRunning {
		return nil, newError(9004, detailMessage("at most %d connectors may run at the same time", e.opts.MaxRunning))
	}
	if he := e.countRun(now); he != nil {
		return nil, he
	}
	queue := min(e.opts.RunDuration/10, time.Second)
	r := e.newRun(now, queue, e.opts.RunDuration)
	r.failure, e.failNextRun = e.failNextRun, nil
	c.runs = append(c.runs, r)
	return map[string]any{"connector": c.name, "token": r.token}, nil
}

// countRun applies the runs-per-24-hours quota (9006).
func (e *Emulator) countRun(now time.Time) *hodError {
	recent := e.runStarts[:0]
	for _, t := range e.runStarts {
		if now.Sub(t) < 24*time.Hour {
			recent = append(recent, t)
		}
	}
	e.runStarts = recent
	if len(recent) >= e.opts.MaxRunsPerDay {
		return newError(9006, detailMessage("at most %d connector runs per 24 hours", e.opts.MaxRunsPerDay))
	}
	e.runStarts = append(e.runStarts, now)
	return nil
}

// newRun mints a run with an IDOL-style token, base64("127.0.0.1:7200:FETCH:<unix-ms>-<n>").
func (e *Emulator) newRun(now time.Time, queue, processing time.Duration) *run {
	e.seq++
	token := base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("127.0.0.1:7200:FETCH:%d-%d", now.UnixMilli(), e.seq)))
	return &run{token: token, queued: now, processStart: now.Add(queue), end: now.Add(queue + processing)}
}

func (e *Emulator) stopConnector(p params) (any, *hodError) {
	c, he := e.find(p.get("connector"))
	if he != nil {
		return nil, he
	}
	if isOnsite(c.flavor) {
		return nil, errCloudOnly("stopconnector", c.name, c.flavor)
	}
	now := e.now()
	st := c.status(now, e.opts.StopDuration)
	if st != StatusQueued && st != StatusProcessing {
		return nil, errNotRunning(c.name, st)
	}
	c.runs[len(c.runs)-1].stopAt = now
	return map[string]any{"connector": c.name, "message": "Stopping connector... This process can take up 5 minutes to propagate."}, nil
}

// cancelSchedule removes the schedule from the configuration [Inferred]. An onsite connector
// keeps it: HOD cannot start one, so it needs a schedule (reference §4.2, as createconnector
// checks); the refusal, 9005, is [Inferred].
func (e *Emulator) cancelSchedule(p params) (any, *hodError) {
	c, he := e.find(p.get("connector"))
	if he != nil {
		return nil, he
	}
	if isOnsite(c.flavor) {
		return nil, newError(9005, detailMessage("onsite connector %s needs its schedule: Haven OnDemand cannot start it", c.name))
	}
	c.schedule = nil
	return map[string]any{"connector": c.name, "stopped_schedule": true}, nil
}

// connectorHistory lists runs newest first. Named connectors must exist and be cloud flavors;
// without names it lists every cloud connector's runs.
func (e *Emulator) connectorHistory(p params) (any, *hodError) {
	names := append(p.list("connectors"), p.list("connector")...)
	var cs []*connector
	if len(names) == 0 {
		// In name order, so that runs queued at the same time keep one order from page to page.
		all := make([]string, 0, len(e.connectors))
		for n := range e.connectors {
			all = append(all, n)
		}
		sort.Strings(all)
		for _, n := range all {
			if c := e.connectors[n]; !isOnsite(c.flavor) {
				cs = append(cs, c)
			}
		}
	}
	for _, n := range names {
		c, he := e.find(n)
		if he != nil {
			return nil, he
		}
		if isOnsite(c.flavor) {
			return nil, errCloudOnly("connectorhistory", c.name, c.flavor)
		}
		cs = append(cs, c)
	}
	now := e.now()
	tokens, statuses := p.list("tokens"), p.list("statuses")
	latestOnly, _ := p.boolean("show_latest_only")
	type entry struct {
		at   time.Time
		view map[string]any
	}
	var entries []entry
	for _, c := range cs {
		runs := c.runs
		if latestOnly && len(runs) > 0 {
			runs = runs[len(runs)-1:]
		}
		for _, r := range runs {
			v := e.runView(c, r, now)
			if len(tokens) > 0 && !slices.Contains(tokens, r.token) {
				continue
			}
			if len(statuses) > 0 && !slices.Contains(statuses, v["status"].(string)) {
				continue
			}
			entries = append(entries, entry{at: r.queued, view: v})
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].at.After(entries[j].at) })
	start := 1
	if v, err := strconv.Atoi(p.get("start")); err == nil {
		start = v
	}
	skip := min(start-1, len(entries))
	entries = entries[skip:]
	for _, n := range []string{"max_page_results", "absolute_max_results"} {
		if m, err := strconv.Atoi(p.get(n)); err == nil && m > 0 && m < len(entries) {
			entries = entries[:m]
		}
	}
	history := make([]map[string]any, 0, len(entries))
	for _, en := range entries {
		history = append(history, en.view)
	}
	return map[string]any{"history": history}, nil
}
