package haven

import (
	"fmt"
	"net/http"
)

// hodError is the HOD error body: {"error": code, "reason": "...", "detail": ...}. Inside jobs
// the same object appears in actions[i].errors[].
type hodError struct {
	Code   int    `json:"error"`
	Reason string `json:"reason"`
	Detail any    `json:"detail,omitempty"`
}

// reasons is the documented error code table (reference §6.2) with the reasons the emulator sends.
var reasons = map[int]string{
	1000:  "Unknown",
	1004:  "Unknown Status",
	2000:  "API key required",
	2001:  "Invalid API key",
	2002:  "Unknown API key",
	2003:  "The given API key is not authorized",
	2004:  "User account is disabled",
	2010:  "A quota has been violated, see additional details",
	2020:  "Cannot get quota info for invalid quota",
	3000:  "Missing job ID",
	3001:  "Invalid job ID",
	3002:  "Cannot complete job",
	4000:  "Duplicate parameters",
	4003:  "Invalid job actions",
	4004:  "Invalid job action",
	4005:  "Invalid job action parameters",
	4006:  "Invalid job action parameter",
	4007:  "Invalid job action parameter name",
	4008:  "Invalid job action parameter value",
	4010:  "Invalid JSON submitted",
	4015:  "Missing required parameter(s)",
	4016:  "Missing job action version",
	4026:  "Invalid value for an array parameter",
	4029:  "Invalid flavor name",
	4030:  "Too many requests for this project",
	6000:  "Page not found",
	7000:  "Request took too long",
	7009:  "Unsupported request method",
	8002:  "Index name invalid",
	8004:  "Connector name invalid",
	9003:  "Reached connector count quota",
	9004:  "Reached start connector quota",
	9005:  "Reached the minimum connector schedule interval quota",
	9006:  "Reached the maximum runs quota for 24 hour interval",
	10000: "Previous job is already in progress",
	10001: "Rejected because some jobs have been taking longer than expected",
	10003: "Invalid parameter(s)",
}

// statuses maps codes to HTTP statuses (reference §6.2); unlisted codes answer 400.
var statuses = map[int]int{
	1000: 500, 1004: 500, 2000: 401, 2002: 401, 2003: 403, 2004: 403, 3002: 500, 4030: 429, 6000: 404,
	7000: 504, 7001: 413, 7002: 413, 7003: 413, 7004: 413, 7006: 413, 7009: 405, 10000: 429, 10001: 429,
}

func (e *hodError) httpStatus() int {
	if s, ok := statuses[e.Code]; ok {
		return s
	}
	if e.Code >= 5000 && e.Code < 6000 {
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

func newError(code int, detail any) *hodError {
	return &hodError{Code: code, Reason: reasons[code], Detail: detail}
}

func detailMessage(format string, args ...any) map[string]any {
	return map[string]any{"message": fmt.Sprintf(format, args...)}
}

// The reference documents no code for these conditions (§6.3, §9.1); they are emulator choices
// [Inferred], kept here in one place. Clients match {4005, 4008} plus the detail text.
func errNotFound(name string) *hodError {
	return newError(4005, detailMessage("connector %s does not exist", name))
}

func errAlreadyExists(name string) *hodError {
	return newError(4005, detailMessage("connector %s already exists", name))
}

// errBusy is answered to delete and start while a run is queued, processing or stopping. 4005
// (HTTP 400) rather than 429 10000, so that clients do not retry it blindly.
func errBusy(name, status string) *hodError {
	return newError(4005, detailMessage("connector %s is %s: it cannot be started or deleted until it is fully stopped", name, status))
}

func errNotRunning(name, status string) *hodError {
	return newError(4005, detailMessage("connector %s is not running (status %s): only a running connector can be stopped", name, status))
}

func errCloudOnly(api, name, flavor string) *hodError {
	return newError(4005, detailMessage("%s is available only for cloud flavor connectors; connector %s has flavor %s", api, name, flavor))
}

func errMissing(params ...string) *hodError {
	return newError(4015, map[string]any{"message": "Missing required parameter(s)", "params": params})
}

func errInvalidValue(param, format string, args ...any) *hodError {
	return newError(4008, map[string]any{"message": fmt.Sprintf(format, args...), "param": param})
}
