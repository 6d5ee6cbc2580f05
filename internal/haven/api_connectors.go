package haven

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

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
	c.wrote(s.Name)
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
	c.wrote(u.Name)
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
	c.wrote(name)
	return c.submitReplayableJob(ctx, "cancelconnectorschedule", url.Values{"connector": {name}})
}

// StartStopConnector submits stopconnector.
func (c *Client) StartStopConnector(ctx context.Context, name string) (string, error) {
	c.wrote(name)
	return c.submitReplayableJob(ctx, "stopconnector", url.Values{"connector": {name}})
}

// StartDeleteConnector submits deleteconnector.
func (c *Client) StartDeleteConnector(ctx context.Context, name string) (string, error) {
	c.wrote(name)
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
	if err := c.call(ctx, "retrieveconfig", c.withToken(name, url.Values{"connector": {name}, "output": {"config_attributes"}}), &out); err != nil {
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

// historyPageSize is how many runs one connectorhistory page asks for.
const historyPageSize = 100

// LatestRuns pages through connectorhistory without connector names and with show_latest_only:
// the newest run of every cloud connector that has run, by connector name. A connector never run
// has no entry. A run that moves between pages while they are read may be missed (the caller
// reads that connector by itself) but never answers for another connector.
func (c *Client) LatestRuns(ctx context.Context) (map[string]Run, error) {
	runs := map[string]Run{}
	// start counts from 1 (the first result is number 1).
	for start := 1; ; start += historyPageSize {
		p := url.Values{"show_latest_only": {"true"}, "start": {strconv.Itoa(start)}, "max_page_results": {strconv.Itoa(historyPageSize)}}
		var out struct {
			History *[]Run `json:"history"`
		}
		if err := c.call(ctx, "connectorhistory", p, &out); err != nil {
			return nil, err
		}
		if out.History == nil {
			return nil, fmt.Errorf("%s API: connectorhistory: the answer has no history", PlatformName)
		}
		added := 0
		for _, r := range *out.History {
			if _, seen := runs[r.Connector]; r.Connector == "" || r.Status == "" || seen {
				continue
			}
			runs[r.Connector] = r
			added++
		}
		// A short page is the last; a page bigger than asked means the server does not page;
		// a full page of nothing new means it ignores start. Each ends the listing.
		if n := len(*out.History); n < historyPageSize || n > historyPageSize || added == 0 {
			return runs, nil
		}
	}
}
