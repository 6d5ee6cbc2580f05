package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is an error answer from a platform, with the API's own code and message kept.
type APIError struct {
	Platform  string
	Method    string
	Path      string
	Status    int
	Code      string
	Message   string
	RequestID string
	// Details are extra lines from the error body (validation errors, causes).
	Details []string
	// RetryAfter is the server's Retry-After on a 429 or 503.
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s API: %s %s: HTTP %d %s", e.Platform, e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, d := range e.Details {
		b.WriteString("\n  - " + d)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\nrequest id: %s", e.RequestID)
	}
	return b.String()
}

// NetworkError is a request that got no HTTP answer.
type NetworkError struct {
	Platform string
	Method   string
	Path     string
	Err      error
	// MaybeProcessed is true when the request reached the server and was not re-sent because it
	// may have been processed (a create whose answer was lost).
	MaybeProcessed bool
	Attempts       int
	// stopped is true when the operation's own context ended the request (as opposed to a
	// per-attempt timeout, whose error also matches context.DeadlineExceeded).
	stopped bool
}

func (e *NetworkError) Error() string {
	// A refused certificate is an answer, not "no answer": say what is wrong and what to set.
	if explained := explainCertificateError(e.Platform, e.Err); explained != "" {
		return fmt.Sprintf("%s API: %s %s: %s", e.Platform, e.Method, e.Path, explained)
	}
	msg := fmt.Sprintf("%s API: %s %s: no answer from the server after %d attempt(s): %v", e.Platform, e.Method, e.Path, max(e.Attempts, 1), e.Err)
	if e.MaybeProcessed {
		msg += " (the request reached the server and may have been processed; it was not sent again)"
	}
	return msg
}

func (e *NetworkError) Unwrap() error { return e.Err }

// explainCertificateError words a TLS verification failure for the user, or returns "" when err
// is not one.
func explainCertificateError(platform string, err error) string {
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &hostErr):
		return fmt.Sprintf("the server's TLS certificate does not match the host name (%v). "+
			"Check the URL in the provider's %s block: it must use a name or address the certificate lists.", err, platform)
	case errors.As(err, &invalidErr):
		return fmt.Sprintf("the server's TLS certificate is not valid (%v). "+
			"Renew the server's certificate (or check this machine's clock when it has expired or is not valid yet).", err)
	case errors.As(err, &recordErr):
		return fmt.Sprintf("the server did not answer with TLS (%v). Check the URL in the provider's %s block: "+
			"use http:// when the server does not serve HTTPS.", err, platform)
	case isCertificateError(err):
		return fmt.Sprintf("the server's TLS certificate is not trusted (%v). "+
			"When the server uses a private certificate authority, set `ca_file` in the provider's %s block "+
			"(or the matching *_CA_FILE environment variable) to the PEM file of that authority; "+
			"`insecure = true` skips verification, for tests only.", err, platform)
	}
	return ""
}

// DecodeError is a response whose body is not the JSON expected.
type DecodeError struct {
	Platform string
	Method   string
	Path     string
	Status   int
	What     string
	Snippet  string
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("%s API: %s %s: HTTP %d: %s", e.Platform, e.Method, e.Path, e.Status, e.What)
	if e.Snippet != "" {
		msg += fmt.Sprintf("; body starts with: %q", e.Snippet)
	}
	return msg
}

// StatusOf returns the HTTP status of an *APIError, or 0.
func StatusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsNotFound reports an HTTP 404.
func IsNotFound(err error) bool { return StatusOf(err) == http.StatusNotFound }

// IsTransient reports an error worth trying again later (a poll in a wait loop): no answer, a
// 429, a 5xx, or a body that could not be read.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	// Checked before the context errors: net/http's per-attempt timeout error matches
	// context.DeadlineExceeded too, yet a slow server is worth polling again.
	var ne *NetworkError
	if errors.As(err, &ne) && !ne.stopped {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var de *DecodeError
	if errors.As(err, &de) {
		return de.Status >= 500 || de.Status == 0
	}
	s := StatusOf(err)
	return s == http.StatusTooManyRequests || s >= 500
}

// MaybeProcessed reports a failed non-replayable request (a create) that the server may have
// processed: no answer after the request was sent, or a 5xx other than 503 (429 and 503 mean
// "not processed"). The caller must look before sending it again.
func MaybeProcessed(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) {
		return ne.MaybeProcessed
	}
	s := StatusOf(err)
	return s >= 500 && s != http.StatusServiceUnavailable
}
