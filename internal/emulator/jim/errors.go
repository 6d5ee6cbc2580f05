package jim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// JIM's ApiErrorCodes.
const (
	codeValidation      = "VALIDATION_ERROR"
	codeNotFound        = "NOT_FOUND"
	codeBadRequest      = "BAD_REQUEST"
	codeTooManyRequests = "TOO_MANY_REQUESTS"
)

// apiErrorResponse is JIM's standard error body (ApiErrorResponse), in C# property order.
type apiErrorResponse struct {
	Code             string              `json:"code"`
	Message          string              `json:"message"`
	Details          *string             `json:"details"`
	ValidationErrors map[string][]string `json:"validationErrors"`
	Timestamp        jsonTime            `json:"timestamp"`
}

func writeAPIError(w http.ResponseWriter, status int, code, message string, validation map[string][]string, now time.Time) {
	emulator.WriteJSON(w, status, apiErrorResponse{Code: code, Message: message, ValidationErrors: validation, Timestamp: jsonTime(now)})
}

func (e *Emulator) notFound(w http.ResponseWriter, message string) {
	writeAPIError(w, http.StatusNotFound, codeNotFound, message, nil, e.now())
}

func (e *Emulator) badRequest(w http.ResponseWriter, message string) {
	writeAPIError(w, http.StatusBadRequest, codeBadRequest, message, nil, e.now())
}

// writeUnauthorized is the framework 401 that replaces the OIDC redirect for /api paths.
func writeUnauthorized(w http.ResponseWriter) {
	emulator.WriteJSON(w, http.StatusUnauthorized, struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}{"Unauthorized", "Authentication required"})
}

func writeTooManyRequests(w http.ResponseWriter, retryAfter time.Duration, now time.Time) {
	secs := int((retryAfter + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeAPIError(w, http.StatusTooManyRequests, codeTooManyRequests,
		"Too many requests. Please retry after the indicated delay.", nil, now)
}

// problemDetails is ASP.NET Core's default ValidationProblemDetails, returned by [ApiController]
// for model binding and DataAnnotations failures.
type problemDetails struct {
	Type    string              `json:"type"`
	Title   string              `json:"title"`
	Status  int                 `json:"status"`
	Errors  map[string][]string `json:"errors"`
	TraceID string              `json:"traceId"`
}

func writeProblem(w http.ResponseWriter, errs map[string][]string) {
	body, _ := json.Marshal(problemDetails{
		Type:    "https://tools.ietf.org/html/rfc9110#section-15.5.1",
		Title:   "One or more validation errors occurred.",
		Status:  http.StatusBadRequest,
		Errors:  errs,
		TraceID: traceID(),
	})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(body)
}

// traceID is a W3C trace-parent like ASP.NET's Activity id: 00-<trace>-<span>-00.
func traceID() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return "00-" + hex.EncodeToString(b[:16]) + "-" + hex.EncodeToString(b[16:]) + "-00"
}

func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// jsonTime writes a UTC DateTime the way System.Text.Json does: ISO-8601 with a Z and only the
// fractional digits needed.
type jsonTime time.Time

func (t jsonTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano) + `"`), nil
}

func timePtr(t time.Time) *jsonTime {
	j := jsonTime(t)
	return &j
}

func intPtr(i int) *int { return &i }

// writeUnsupportedMediaType is ASP.NET Core's 415 ProblemDetails for a body that is not JSON.
func writeUnsupportedMediaType(w http.ResponseWriter) {
	body, _ := json.Marshal(struct {
		Type    string `json:"type"`
		Title   string `json:"title"`
		Status  int    `json:"status"`
		TraceID string `json:"traceId"`
	}{"https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type", http.StatusUnsupportedMediaType, traceID()})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusUnsupportedMediaType)
	_, _ = w.Write(body)
}
