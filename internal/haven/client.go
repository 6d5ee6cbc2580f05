// Package haven is the Haven OnDemand part of the provider: the connector API client, the
// provider block, the syncops_haven_connector resource and its data sources.
package haven

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// PlatformName names Haven OnDemand in errors and logs.
const PlatformName = "Haven OnDemand"

// Client calls the Haven OnDemand connector APIs. Reads use the synchronous APIs; every change
// goes through the asynchronous API and waits for its job.
type Client struct {
	http *transport.Client
}

// ClientConfig is what NewClient needs.
type ClientConfig struct {
	URL            string
	APIKey         string
	AttemptTimeout time.Duration
	TLSConfig      *tls.Config
	// RetryWaitMin and RetryWaitMax tune the backoff (HOD sends no Retry-After on 429).
	RetryWaitMin, RetryWaitMax time.Duration
}

// NewClient builds a client. The key travels as the apikey parameter of every request; the
// transport masks it in logs and errors (URLs and bodies included).
func NewClient(cfg ClientConfig) (*Client, error) {
	hc, err := transport.New(transport.Config{
		Platform:       PlatformName,
		BaseURL:        cfg.URL,
		Query:          url.Values{"apikey": {cfg.APIKey}},
		TLSConfig:      cfg.TLSConfig,
		AttemptTimeout: cfg.AttemptTimeout,
		RetryWaitMin:   cfg.RetryWaitMin,
		RetryWaitMax:   cfg.RetryWaitMax,
		DecodeError:    decodeError,
	})
	if err != nil {
		return nil, err
	}
	return &Client{http: hc}, nil
}

// Masker returns the client's masker, for write-only values.
func (c *Client) Masker() *transport.Masker { return c.http.Masker() }

// hodError is HOD's error body, also found in a failed job's actions[i].errors[].
type hodError struct {
	Code   int             `json:"error"`
	Reason string          `json:"reason"`
	Detail json.RawMessage `json:"detail,omitempty"`
}

// explanations turn HOD codes into what the user should know (reference §6.2).
var explanations = map[int]string{
	2000:  "no API key was sent: set api_key in the haven provider block or HAVEN_API_KEY",
	2001:  "the API key is malformed: check api_key in the haven provider block or HAVEN_API_KEY",
	2002:  "the API key is unknown: check api_key in the haven provider block or HAVEN_API_KEY",
	2003:  "the API key is not authorized for this API",
	2004:  "the account is disabled",
	2010:  "an account quota is exhausted; see the account's quota page",
	4000:  "a parameter was sent more than once",
	4004:  "the API does not exist (check the provider's url)",
	4005:  "invalid parameters",
	4008:  "invalid parameter value",
	4010:  "a JSON parameter is not valid JSON",
	4015:  "missing required parameter(s)",
	4029:  "unknown connector flavor",
	4030:  "too many requests for this project; retry later",
	8004:  "invalid connector name",
	9003:  "connector count quota reached: delete unused connectors or raise the quota",
	9004:  "start connector quota reached",
	9005:  "the schedule interval is below the minimum (onsite connectors: at least 21600 seconds)",
	9006:  "maximum runs in 24 hours reached",
	10000: "a previous job is still in progress; retry later",
	10001: "requests rejected because some jobs are taking longer than expected; retry later",
}

// Error is one HOD error, from an HTTP answer or from a failed job.
type Error struct {
	Code   int
	Reason string
	// Detail is HOD's free-form detail rendered as text.
	Detail string
}

func (e Error) String() string {
	s := fmt.Sprintf("error %d", e.Code)
	if e.Reason != "" {
		s += " " + strconv.Quote(e.Reason)
	}
	if x := explanations[e.Code]; x != "" {
		s += " (" + x + ")"
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

func (h hodError) toError() Error {
	return Error{Code: h.Code, Reason: h.Reason, Detail: detailText(h.Detail)}
}

// detailText renders HOD's free-form detail (object, string or array): a message and the
// parameters it names when it has them, else the JSON itself.
func detailText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) == nil {
		var parts []string
		for _, k := range []string{"message", "detail", "reason"} {
			if v, ok := obj[k].(string); ok && v != "" {
				parts = append(parts, v)
			}
		}
		if ps, ok := obj["params"].([]any); ok {
			var names []string
			for _, p := range ps {
				names = append(names, fmt.Sprint(p))
			}
			parts = append(parts, "parameters: "+strings.Join(names, ", "))
		}
		if len(parts) > 0 {
			return strings.Join(parts, "; ")
		}
	}
	return string(raw)
}

func decodeError(resp *transport.Response, e *transport.APIError) {
	var h hodError
	if json.Unmarshal(resp.Body, &h) != nil || h.Code == 0 {
		return
	}
	he := h.toError()
	e.Code = strconv.Itoa(he.Code)
	e.Message = he.Reason
	if x := explanations[he.Code]; x != "" {
		e.Message += " (" + x + ")"
	}
	if he.Detail != "" {
		e.Details = append(e.Details, he.Detail)
	}
}

// JobFailedError is an asynchronous job that ended "failed"; it carries the action's errors.
type JobFailedError struct {
	What   string
	JobID  string
	Action string
	Errors []Error
}

func (e *JobFailedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed: Haven OnDemand job %s (%s) ended with status failed", e.What, e.JobID, e.Action)
	for _, x := range e.Errors {
		b.WriteString("\n  - " + x.String())
	}
	return b.String()
}

// notFoundCodes and notFoundText recognise "connector not found": HOD documents no code for it
// (reference §6.3, §9.1), so a code among these and the text together decide. One place to change.
var (
	notFoundCodes = []int{4005, 4008}
	notFoundText  = []string{"does not exist", "not found", "doesn't exist", "unknown connector"}
)

func isNotFoundError(code int, text string) bool {
	if !slices.Contains(notFoundCodes, code) {
		return false
	}
	text = strings.ToLower(text)
	for _, t := range notFoundText {
		if strings.Contains(text, t) {
			return true
		}
	}
	return false
}

// IsNotFound reports that the connector does not exist, from an HTTP error or a failed job.
func IsNotFound(err error) bool {
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) {
		code, _ := strconv.Atoi(apiErr.Code)
		return isNotFoundError(code, apiErr.Message+" "+strings.Join(apiErr.Details, " "))
	}
	var jobErr *JobFailedError
	if errors.As(err, &jobErr) {
		for _, x := range jobErr.Errors {
			if isNotFoundError(x.Code, x.Reason+" "+x.Detail) {
				return true
			}
		}
	}
	return false
}

// apiPath is /1/api/{sync|async}/<api>/v1.
func apiPath(mode, api string) string { return "/1/api/" + mode + "/" + api + "/v1" }

// call sends a synchronous API call by GET (reads are safe to repeat) and decodes the result.
func (c *Client) call(ctx context.Context, api string, params url.Values, out any) error {
	_, err := c.http.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: apiPath("sync", api), Query: params}, out)
	return err
}

// Job is /1/job/status/<id>.
type Job struct {
	JobID   string      `json:"jobID"`
	Status  string      `json:"status"`
	Actions []JobAction `json:"actions"`
}

// JobAction is one action of a job.
type JobAction struct {
	Action  string          `json:"action"`
	Status  string          `json:"status"`
	Version string          `json:"version"`
	Result  json.RawMessage `json:"result"`
	Errors  []hodError      `json:"errors"`
}

// SubmitJob posts an asynchronous call (form-encoded) and returns its job id. The POST is not
// re-sent once it may have reached the server: a lost answer is a *transport.NetworkError with
// MaybeProcessed set.
func (c *Client) SubmitJob(ctx context.Context, api string, params url.Values, secrets ...string) (string, error) {
	return c.submitJob(ctx, api, params, false, secrets)
}

// submitReplayableJob submits a job whose second copy does no harm (an update sends whole blocks;
// a second stop or delete ends in "not running" or "not found"), so a lost answer is retried.
func (c *Client) submitReplayableJob(ctx context.Context, api string, params url.Values, secrets ...string) (string, error) {
	return c.submitJob(ctx, api, params, true, secrets)
}

func (c *Client) submitJob(ctx context.Context, api string, params url.Values, replayable bool, secrets []string) (string, error) {
	var out struct {
		JobID string `json:"jobID"`
	}
	req := &transport.Request{Method: http.MethodPost, Path: apiPath("async", api), Form: params, Secrets: secrets, Replayable: transport.Bool(replayable)}
	if _, err := c.http.DoJSON(ctx, req, &out); err != nil {
		return "", err
	}
	if out.JobID == "" {
		return "", fmt.Errorf("%s API: POST %s: the answer has no jobID", PlatformName, apiPath("async", api))
	}
	return out.JobID, nil
}

// JobStatus reads one job.
func (c *Client) JobStatus(ctx context.Context, jobID string) (*Job, error) {
	var job Job
	if _, err := c.http.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: "/1/job/status/" + url.PathEscape(jobID)}, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

// WaitJob polls a job with the shared waiter until it is finished (its first action's result is
// decoded into out when out is not nil) or failed (*JobFailedError with the action's errors). At
// the ctx deadline it returns the waiter's *wait.TimeoutError naming the last status and nextStep.
func (c *Client) WaitJob(ctx context.Context, jobID, what, nextStep string, out any) error {
	var last *Job
	_, err := wait.For(ctx, wait.Options{What: what + " (job " + jobID + ")", NextStep: nextStep}, func(ctx context.Context) (wait.Status, error) {
		job, err := c.JobStatus(ctx, jobID)
		if err != nil {
			return wait.Status{}, err
		}
		last = job
		switch job.Status {
		case "finished":
			return wait.Status{State: job.Status, Done: true}, nil
		case "failed":
			return wait.Status{State: job.Status, Failed: true}, nil
		case "queued", "in progress":
			return wait.Status{State: job.Status}, nil
		}
		return wait.Status{}, fmt.Errorf("%s job %s has an unexpected status %q (want queued, in progress, finished or failed)", PlatformName, jobID, job.Status)
	})
	var failed *wait.FailedError
	if errors.As(err, &failed) && last != nil {
		jf := &JobFailedError{What: what, JobID: jobID}
		for _, a := range last.Actions {
			jf.Action = a.Action
			for _, e := range a.Errors {
				jf.Errors = append(jf.Errors, e.toError())
			}
		}
		return jf
	}
	if err != nil {
		return err
	}
	if out != nil {
		if len(last.Actions) == 0 || len(last.Actions[0].Result) == 0 {
			return fmt.Errorf("%s job %s finished without a result", PlatformName, jobID)
		}
		if err := json.Unmarshal(last.Actions[0].Result, out); err != nil {
			return fmt.Errorf("%s job %s: the result does not have the expected shape: %w", PlatformName, jobID, err)
		}
	}
	return nil
}

// Spec is a connector's configuration as the API stores it: JSON blocks as JSON text.
type Spec struct {
	Name              string
	Flavor            string
	Config            string
	Destination       string
	Schedule          string
	CredentialsPolicy string
	// Credentials is secret: masked in logs and errors.
	Credentials string
	Description string
}

// CreateResult is createconnector's result.
type CreateResult struct {
	Connector    string            `json:"connector"`
	Message      string            `json:"message"`
	DownloadLink map[string]string `json:"download_link"`
}

// createParams are the createconnector parameters of a spec.
func (s Spec) createParams() url.Values {
	p := url.Values{"connector": {s.Name}, "flavor": {s.Flavor}, "config": {s.Config}, "destination": {s.Destination}}
	if s.Schedule != "" {
		p.Set("schedule", s.Schedule)
	}
	if s.CredentialsPolicy != "" {
		p.Set("credentials_policy", s.CredentialsPolicy)
	}
	if s.Credentials != "" {
		p.Set("credentials", s.Credentials)
	}
	if s.Description != "" {
		p.Set("description", s.Description)
	}
	return p
}

// StartCreateConnector submits createconnector and returns the job id.
func (c *Client) StartCreateConnector(ctx context.Context, s Spec) (string, error) {
	return c.SubmitJob(ctx, "createconnector", s.createParams(), s.Credentials)
}

// Update is an updateconnector call: only the blocks set are sent, each whole (the API replaces
// a block entirely).
type Update struct {
	Name              string
	Config            *string
	Destination       *string
	Schedule          *string
	CredentialsPolicy *string
	Credentials       *string
	Description       *string
}

// Empty reports an update that would send nothing.
func (u Update) Empty() bool {
	return u.Config == nil && u.Destination == nil && u.Schedule == nil && u.CredentialsPolicy == nil && u.Credentials == nil && u.Description == nil
}

// StartUpdateConnector submits updateconnector and returns the job id.
func (c *Client) StartUpdateConnector(ctx context.Context, u Update) (string, error) {
	p := url.Values{"connector": {u.Name}}
	var secrets []string
	for name, v := range map[string]*string{"config": u.Config, "destination": u.Destination, "schedule": u.Schedule, "credentials_policy": u.CredentialsPolicy, "credentials": u.Credentials, "description": u.Description} {
		if v != nil {
			p.Set(name, *v)
		}
	}
	if u.Credentials != nil {
		secrets = append(secrets, *u.Credentials)
	}
	return c.submitReplayableJob(ctx, "updateconnector", p, secrets...)
}

// StartCancelSchedule submits cancelconnectorschedule (the only way to remove a schedule).
func (c *Client) StartCancelSchedule(ctx context.Context, name string) (string, error) {
	return c.submitReplayableJob(ctx, "cancelconnectorschedule", url.Values{"connector": {name}})
}

// StartStopConnector submits stopconnector.
func (c *Client) StartStopConnector(ctx context.Context, name string) (string, error) {
	return c.submitReplayableJob(ctx, "stopconnector", url.Values{"connector": {name}})
}

// StartDeleteConnector submits deleteconnector.
func (c *Client) StartDeleteConnector(ctx context.Context, name string) (string, error) {
	return c.submitReplayableJob(ctx, "deleteconnector", url.Values{"connector": {name}})
}

// StoredConfig is retrieveconfig's answer (output=config_attributes): name and flavor at the top,
// the blocks nested under config.
type StoredConfig struct {
	Name   string `json:"name"`
	Flavor string `json:"flavor"`
	Config struct {
		Config            json.RawMessage `json:"config"`
		Destination       json.RawMessage `json:"destination"`
		Schedule          json.RawMessage `json:"schedule"`
		CredentialsPolicy json.RawMessage `json:"credentials_policy"`
		Description       *string         `json:"description"`
	} `json:"config"`
}

// RetrieveConfig reads a connector's configuration. Credentials, which the API returns in clear
// text, are not decoded.
func (c *Client) RetrieveConfig(ctx context.Context, name string) (*StoredConfig, error) {
	var out StoredConfig
	if err := c.call(ctx, "retrieveconfig", url.Values{"connector": {name}, "output": {"config_attributes"}}, &out); err != nil {
		return nil, err
	}
	if out.Name == "" {
		return nil, fmt.Errorf("%s API: retrieveconfig for %s: the answer has no name", PlatformName, name)
	}
	return &out, nil
}

// Run is one connector run, as connectorstatus and connectorhistory show it.
type Run struct {
	Connector        string           `json:"connector"`
	Status           string           `json:"status"`
	Token            string           `json:"token"`
	QueuedTime       string           `json:"queued_time"`
	StartTime        string           `json:"start_time"`
	ProcessStartTime string           `json:"process_start_time"`
	ProcessEndTime   string           `json:"process_end_time"`
	TimeInQueue      *int64           `json:"time_in_queue"`
	TimeProcessing   *int64           `json:"time_processing"`
	DocumentCounts   map[string]int64 `json:"document_counts"`
	Error            string           `json:"error"`
	Failed           string           `json:"failed"`
}

// Status is connectorstatus's answer.
type Status struct {
	Run
	Flavor   string `json:"flavor"`
	Schedule *struct {
		OccurrencesRemaining *int64 `json:"occurrences_remaining"`
		NextRunTime          string `json:"next_run_time"`
		LastRunTime          string `json:"last_run_time"`
	} `json:"schedule"`
}

// ConnectorStatus reads a cloud connector's status (with schedule information).
func (c *Client) ConnectorStatus(ctx context.Context, name string) (*Status, error) {
	var out Status
	if err := c.call(ctx, "connectorstatus", url.Values{"connector": {name}, "schedule_information": {"true"}}, &out); err != nil {
		return nil, err
	}
	if out.Status == "" {
		return nil, fmt.Errorf("%s API: connectorstatus for %s: the answer has no status", PlatformName, name)
	}
	return &out, nil
}

// ConnectorHistory lists a connector's runs, newest first (at most limit when limit > 0).
func (c *Client) ConnectorHistory(ctx context.Context, name string, limit int) ([]Run, error) {
	p := url.Values{"connector": {name}}
	if limit > 0 {
		p.Set("max_page_results", strconv.Itoa(limit))
	}
	var out struct {
		History *[]Run `json:"history"`
	}
	if err := c.call(ctx, "connectorhistory", p, &out); err != nil {
		return nil, err
	}
	if out.History == nil {
		return nil, fmt.Errorf("%s API: connectorhistory for %s: the answer has no history", PlatformName, name)
	}
	return *out.History, nil
}

// IsOnsite reports an onsite flavor (installed by the customer; no status, start, stop or history).
func IsOnsite(flavor string) bool { return strings.HasSuffix(flavor, "_onsite") }

// IsRunning reports a status in which a connector cannot be deleted.
func IsRunning(status string) bool {
	return status == "QUEUED" || status == "PROCESSING" || status == "STOPPING"
}
