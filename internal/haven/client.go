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

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// PlatformName names Haven OnDemand in errors and logs.
const PlatformName = "Haven OnDemand"

// Client calls the Haven OnDemand connector APIs. Reads use the synchronous APIs; every change
// goes through the asynchronous API and waits for its job.
type Client struct {
	http *transport.Client
	// listing answers the status reads of a refresh of many connectors (client_listing.go).
	listing *base.Listing[string, listedStatus]
	// tokens are the decryption tokens of credentialed cloud connectors, by name (decryption_tokens).
	tokens map[string]string
}

// withToken adds the connector's decryption token to p, when one is configured: retrieveconfig
// and startconnector need it for a cloud connector with credentials.
func (c *Client) withToken(name string, p url.Values) url.Values {
	if t := c.tokens[name]; t != "" {
		p.Set("token", t)
	}
	return p
}

// ClientConfig is what NewClient needs.
type ClientConfig struct {
	URL    string
	APIKey string
	// DecryptionTokens are the emailed decryption tokens of credentialed cloud connectors, by name.
	DecryptionTokens map[string]string
	AttemptTimeout   time.Duration
	TLSConfig        *tls.Config
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
	c := &Client{http: hc, tokens: cfg.DecryptionTokens}
	for _, t := range cfg.DecryptionTokens {
		hc.Masker().AddSecrets(t)
	}
	c.listing = newListing(c)
	return c, nil
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
	if e.needsDecryptionToken() {
		s += "; " + decryptionTokenHint
	}
	return s
}

// decryptionTokenHint is what to do when Haven OnDemand asks for a connector's decryption token.
const decryptionTokenHint = "Haven OnDemand needs the decryption token it emailed for this cloud connector with credentials: " +
	"set decryption_tokens = { <connector name> = \"...\" } in the haven provider block, or HAVEN_DECRYPTION_TOKENS"

// needsDecryptionToken reports Haven's answer to retrieveconfig or startconnector of a cloud
// connector with credentials without its decryption token (a missing or a wrong token parameter).
func (e Error) needsDecryptionToken() bool {
	return (e.Code == 4015 || e.Code == 4008) && strings.Contains(e.Detail, "token")
}

// NeedsDecryptionToken reports an error that is Haven asking for a connector's decryption token.
// A connector that does not exist never does, whatever its name ("token-sync" shows in the
// not-found detail).
func NeedsDecryptionToken(err error) bool {
	if IsNotFound(err) {
		return false
	}
	var ae *transport.APIError
	if errors.As(err, &ae) {
		code, _ := strconv.Atoi(ae.Code)
		return Error{Code: code, Detail: strings.Join(ae.Details, " ")}.needsDecryptionToken()
	}
	var je *JobFailedError
	if errors.As(err, &je) {
		return slices.ContainsFunc(je.Errors, Error.needsDecryptionToken)
	}
	return false
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
	if he.needsDecryptionToken() {
		e.Message += "; " + decryptionTokenHint
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
