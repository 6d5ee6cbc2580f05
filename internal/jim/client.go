// Package jim manages JIM (Junctional Identity Manager) connected systems and their run profiles.
package jim

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const (
	connectedSystemsPath     = "/api/v1/synchronisation/connected-systems"
	connectorDefinitionsPath = "/api/v1/synchronisation/connector-definitions"
)

// Client is a typed JIM API client.
type Client struct {
	api *transport.Client

	mu   sync.Mutex
	defs map[string]*ConnectorDefinition // by name; fetched once per provider process
	// connectorOf remembers each connected system's connector, which never changes.
	connectorOf map[int64]string
	rpLists     runProfileLists
}

// defaultRateLimit is JIM's default limit per API key (300 requests a minute, sliding window).
const defaultRateLimit = 300

// Option tunes a client.
type Option func(*clientOptions)

type clientOptions struct {
	rateLimit int
	tls       *tls.Config
	tune      func(*transport.Config)
}

// WithTransport adjusts the transport configuration (tests shorten retry waits with it).
func WithTransport(tune func(*transport.Config)) Option {
	return func(o *clientOptions) { o.tune = tune }
}

// WithRateLimit paces requests to perMinute a minute (0: no pacing), shared by every client of
// the same server and key in this process.
func WithRateLimit(perMinute int) Option { return func(o *clientOptions) { o.rateLimit = perMinute } }

// WithTLS sets the TLS configuration built from the block's ca_file and insecure (nil: system
// roots).
func WithTLS(cfg *tls.Config) Option { return func(o *clientOptions) { o.tls = cfg } }

// NewClient builds a client for a JIM server.
func NewClient(baseURL, apiKey string, common providerdata.Common, opts ...Option) (*Client, error) {
	o := clientOptions{rateLimit: defaultRateLimit}
	for _, opt := range opts {
		opt(&o)
	}
	// A sliding window of N a minute allows a burst: a fifth of it at once, the rest paced.
	burst := o.rateLimit / 5
	perMinute := o.rateLimit - burst
	keyID := sha256.Sum256([]byte(apiKey))
	limiter := transport.SharedLimiter(fmt.Sprintf("JIM %s %x %d", baseURL, keyID[:8], o.rateLimit), perMinute, burst)
	cfg := transport.Config{
		Platform:       "JIM",
		BaseURL:        baseURL,
		Header:         http.Header{"X-Api-Key": {apiKey}},
		Masker:         transport.NewMasker(apiKey),
		AttemptTimeout: common.AttemptTimeout,
		DecodeError:    decodeError,
		Limiter:        limiter,
		TLSConfig:      o.tls,
	}
	if o.tune != nil {
		o.tune(&cfg)
	}
	api, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{api: api, defs: map[string]*ConnectorDefinition{}, connectorOf: map[int64]string{}}, nil
}

// decodeError reads JIM's three error body shapes: ApiErrorResponse, the framework 401 body, and
// RFC 7807 ProblemDetails.
func decodeError(resp *transport.Response, e *transport.APIError) {
	var body struct {
		Code             string              `json:"code"`
		Message          string              `json:"message"`
		Error            string              `json:"error"`
		ValidationErrors map[string][]string `json:"validationErrors"`
		Title            string              `json:"title"`
		Errors           map[string][]string `json:"errors"`
		TraceID          string              `json:"traceId"`
	}
	if json.Unmarshal(resp.Body, &body) != nil {
		e.Message = strings.TrimSpace(string(resp.Body))
		if len(e.Message) > 300 {
			e.Message = e.Message[:300] + "..."
		}
		credentialHint(resp.StatusCode, e)
		return
	}
	e.Code = body.Code
	e.Message = body.Message
	if e.Code == "" && body.Error != "" {
		e.Code = body.Error
	}
	if e.Message == "" {
		e.Message = body.Title
	}
	e.RequestID = body.TraceID
	if e.RequestID == "" {
		e.RequestID = resp.Header.Get("X-Request-Id")
	}
	e.Details = append(e.Details, flattenErrors(body.ValidationErrors)...)
	e.Details = append(e.Details, flattenErrors(body.Errors)...)
	credentialHint(resp.StatusCode, e)
}

// credentialHint tells what to check when JIM refuses the key.
func credentialHint(status int, e *transport.APIError) {
	switch status {
	case http.StatusUnauthorized:
		e.Details = append(e.Details, "JIM refused the API key: check jim.api_key (or JIM_API_KEY); the key must exist, be enabled and not have expired")
	case http.StatusForbidden:
		e.Details = append(e.Details, "the API key is valid but lacks the Administrator role, which JIM's synchronisation API requires")
	}
}

func flattenErrors(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		for _, msg := range m[k] {
			out = append(out, k+": "+msg)
		}
	}
	return out
}

// ConnectorDefinitionHeader is an item of the connector definition list.
type ConnectorDefinitionHeader struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	BuiltIn     bool   `json:"builtIn"`
}

// ConnectorDefinition is a connector with its settings and capabilities.
type ConnectorDefinition struct {
	ID                                int64              `json:"id"`
	Name                              string             `json:"name"`
	Description                       *string            `json:"description"`
	Settings                          []ConnectorSetting `json:"settings"`
	SupportsFullImport                bool               `json:"supportsFullImport"`
	SupportsDeltaImport               bool               `json:"supportsDeltaImport"`
	SupportsExport                    bool               `json:"supportsExport"`
	SupportsPartitions                bool               `json:"supportsPartitions"`
	SupportsPartitionContainers       bool               `json:"supportsPartitionContainers"`
	SupportsSecondaryExternalID       bool               `json:"supportsSecondaryExternalId"`
	SupportsUserSelectedExternalID    bool               `json:"supportsUserSelectedExternalId"`
	SupportsUserSelectedAttributeType bool               `json:"supportsUserSelectedAttributeTypes"`
	SupportsAutoConfirmExport         bool               `json:"supportsAutoConfirmExport"`
	SupportsParallelExport            bool               `json:"supportsParallelExport"`
	SupportsPaging                    bool               `json:"supportsPaging"`
	SupportsFilePaths                 bool               `json:"supportsFilePaths"`
	SupportsPasswordSet               bool               `json:"supportsPasswordSet"`
	SupportsPasswordPolicyDiscovery   bool               `json:"supportsPasswordPolicyDiscovery"`
}

// Setting types that carry a value (Heading, Label and Divider do not).
const (
	SettingString          = "String"
	SettingStringEncrypted = "StringEncrypted"
	SettingInteger         = "Integer"
	SettingText            = "Text"
	SettingDropDown        = "DropDown"
	SettingCheckBox        = "CheckBox"
	SettingFile            = "File"
)

// ConnectorSetting is one setting of a connector definition.
type ConnectorSetting struct {
	ID                       int64    `json:"id"`
	Name                     string   `json:"name"`
	Description              *string  `json:"description"`
	Category                 string   `json:"category"`
	Type                     string   `json:"type"`
	DefaultCheckboxValue     *bool    `json:"defaultCheckboxValue"`
	DefaultStringValue       *string  `json:"defaultStringValue"`
	DefaultIntValue          *int64   `json:"defaultIntValue"`
	DropDownValues           []string `json:"dropDownValues"`
	Required                 bool     `json:"required"`
	RequiredGroup            *string  `json:"requiredGroup"`
	RequiredGroupCardinality *string  `json:"requiredGroupCardinality"`
	RequiredWhenSetting      *string  `json:"requiredWhenSetting"`
	RequiredWhenValue        *string  `json:"requiredWhenValue"`
}

// HasValue reports a setting that holds a value (not a heading, label or divider).
func (s ConnectorSetting) HasValue() bool {
	switch s.Type {
	case SettingString, SettingStringEncrypted, SettingInteger, SettingText, SettingDropDown, SettingCheckBox, SettingFile:
		return true
	}
	return false
}

// Default returns the setting's default as a string, and whether it has one.
func (s ConnectorSetting) Default() (string, bool) {
	switch {
	case s.Type == SettingCheckBox && s.DefaultCheckboxValue != nil:
		return strconv.FormatBool(*s.DefaultCheckboxValue), true
	case s.Type == SettingInteger && s.DefaultIntValue != nil:
		return strconv.FormatInt(*s.DefaultIntValue, 10), true
	case s.DefaultStringValue != nil && strings.TrimSpace(*s.DefaultStringValue) != "":
		return strings.TrimSpace(*s.DefaultStringValue), true
	}
	return "", false
}

// Setting finds a setting by name.
func (d *ConnectorDefinition) Setting(name string) (ConnectorSetting, bool) {
	for _, s := range d.Settings {
		if s.Name == name && s.HasValue() {
			return s, true
		}
	}
	return ConnectorSetting{}, false
}

// SettingNames lists the names of the settings that hold values, of the given kind:
// secret=true for StringEncrypted settings, false for the others.
func (d *ConnectorDefinition) SettingNames(secret bool) []string {
	var out []string
	for _, s := range d.Settings {
		if s.HasValue() && (s.Type == SettingStringEncrypted) == secret {
			out = append(out, s.Name)
		}
	}
	return out
}

// SettingValue is one value in a settings update, by setting type.
type SettingValue struct {
	StringValue   *string `json:"stringValue,omitempty"`
	IntValue      *int64  `json:"intValue,omitempty"`
	CheckboxValue *bool   `json:"checkboxValue,omitempty"`
}

// ConvertSettingValue turns a configuration string into the typed value the setting takes.
func ConvertSettingValue(s ConnectorSetting, value string) (SettingValue, error) {
	switch s.Type {
	case SettingInteger:
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 32)
		if err != nil {
			return SettingValue{}, fmt.Errorf("setting %q is an Integer; %q is not a whole number", s.Name, value)
		}
		return SettingValue{IntValue: &n}, nil
	case SettingCheckBox:
		b, err := strconv.ParseBool(strings.TrimSpace(value))
		if err != nil || (value != "true" && value != "false") {
			return SettingValue{}, fmt.Errorf("setting %q is a CheckBox; use \"true\" or \"false\", not %q", s.Name, value)
		}
		return SettingValue{CheckboxValue: &b}, nil
	case SettingDropDown:
		for _, v := range s.DropDownValues {
			if v == value {
				return SettingValue{StringValue: &value}, nil
			}
		}
		return SettingValue{}, fmt.Errorf("setting %q takes one of %s; %q is not one of them", s.Name, quoteList(s.DropDownValues), value)
	default:
		return SettingValue{StringValue: &value}, nil
	}
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// ConnectorDefinitionByName returns a connector definition with its settings, fetched once per
// provider process.
func (c *Client) ConnectorDefinitionByName(ctx context.Context, name string) (*ConnectorDefinition, error) {
	c.mu.Lock()
	if d, ok := c.defs[name]; ok {
		c.mu.Unlock()
		return d, nil
	}
	c.mu.Unlock()
	var d ConnectorDefinition
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: connectorDefinitionsPath + "/by-name/" + url.PathEscape(name)}, &d)
	if err != nil {
		return nil, err
	}
	if d.ID == 0 || d.Name == "" {
		return nil, fmt.Errorf("JIM API: GET %s/by-name/%s: the answer has no connector id or name", connectorDefinitionsPath, name)
	}
	c.mu.Lock()
	c.defs[name] = &d
	c.mu.Unlock()
	return &d, nil
}

// ListConnectorDefinitions lists the connector definitions.
func (c *Client) ListConnectorDefinitions(ctx context.Context) ([]ConnectorDefinitionHeader, error) {
	var out []ConnectorDefinitionHeader
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: connectorDefinitionsPath}, &out)
	return out, err
}

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
	c.mu.Lock()
	c.connectorOf[id] = cs.Connector.Name
	c.mu.Unlock()
	return &cs, nil
}

// ConnectorOfSystem returns the connector definition of a connected system; the system is read
// once per provider process, since its connector cannot change.
func (c *Client) ConnectorOfSystem(ctx context.Context, id int64) (*ConnectorDefinition, error) {
	c.mu.Lock()
	name, ok := c.connectorOf[id]
	c.mu.Unlock()
	if !ok {
		cs, err := c.GetConnectedSystem(ctx, id)
		if err != nil {
			return nil, err
		}
		name = cs.Connector.Name
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

// ListConnectedSystems lists every connected system, following pages. filter is JIM's
// "property:operator:value" filter or empty.
func (c *Client) ListConnectedSystems(ctx context.Context, filter string) ([]ConnectedSystemHeader, error) {
	var all []ConnectedSystemHeader
	for page := 1; ; page++ {
		q := url.Values{"page": {strconv.Itoa(page)}, "pageSize": {"100"}}
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
		all = append(all, body.Items...)
		if !body.HasNextPage || len(body.Items) == 0 || page > 10000 {
			return all, nil
		}
	}
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
func (c *Client) DeleteConnectedSystem(ctx context.Context, id int64, deleteChangeHistory bool) (*DeletionResult, int, error) {
	q := url.Values{"deleteChangeHistory": {strconv.FormatBool(deleteChangeHistory)}}
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

// Activity statuses.
const (
	ActivityInProgress          = "InProgress"
	ActivityComplete            = "Complete"
	ActivityCompleteWithWarning = "CompleteWithWarning"
	ActivityCompleteWithError   = "CompleteWithError"
	ActivityFailedWithError     = "FailedWithError"
	ActivityCancelled           = "Cancelled"
)

// ActivityProgress is JIM's ActivityProgressDto (the fields the provider uses).
type ActivityProgress struct {
	ID              string   `json:"id"`
	Status          string   `json:"status"`
	Message         *string  `json:"message"`
	PercentComplete *float64 `json:"percentComplete"`
}

// ActivityDetail is the part of ActivityDetailDto that explains a failure.
type ActivityDetail struct {
	ID           string  `json:"id"`
	Status       string  `json:"status"`
	ErrorMessage *string `json:"errorMessage"`
}

// GetActivityProgress reads an activity's progress (the cheap endpoint meant for polling).
func (c *Client) GetActivityProgress(ctx context.Context, activityID string) (*ActivityProgress, error) {
	var p ActivityProgress
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/v1/activities/" + url.PathEscape(activityID) + "/progress"}, &p)
	if err != nil {
		return nil, err
	}
	if p.Status == "" {
		return nil, fmt.Errorf("JIM API: GET /api/v1/activities/%s/progress: the answer has no status", activityID)
	}
	return &p, nil
}

// GetActivity reads an activity's detail.
func (c *Client) GetActivity(ctx context.Context, activityID string) (*ActivityDetail, error) {
	var d ActivityDetail
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/v1/activities/" + url.PathEscape(activityID)}, &d)
	if err != nil {
		return nil, err
	}
	return &d, nil
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

// ConnectedSystemIDByName finds the one connected system with a name; JIM names are not unique,
// so several is an error that lists their ids.
func (c *Client) ConnectedSystemIDByName(ctx context.Context, name string) (int64, error) {
	list, err := c.ListConnectedSystems(ctx, "name:eq:"+name)
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
