package transport

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
)

func (c *Client) apiError(resp *Response, masker *Masker) *APIError {
	e := &APIError{Platform: c.cfg.Platform, Method: resp.Method, Path: resp.Path, Status: resp.StatusCode}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		e.Message = "unexpected redirect to " + clip(masker.MaskLocation(resp.Header.Get("Location")), 300)
		return e
	}
	// An empty body goes to the decoder too: the status alone can mean something to the platform
	// (JIM's 403 for a key without the Administrator role has no body).
	if c.cfg.DecodeError != nil && !looksHTML(resp) {
		func() {
			defer func() { _ = recover() }()
			c.cfg.DecodeError(resp, e)
		}()
	}
	if e.Message == "" && e.Code == "" {
		if looksHTML(resp) {
			e.Message = "the server answered with an HTML page instead of an API error"
		} else {
			e.Message = snippet(resp.Body, masker)
		}
	}
	// An error body can be any size: the message and details stay readable in a terminal.
	e.Message = clip(masker.Mask(e.Message), 1000)
	const maxDetails = 20
	if n := len(e.Details); n > maxDetails {
		e.Details = append(e.Details[:maxDetails], fmt.Sprintf("(%d more not shown)", n-maxDetails))
	}
	for i := range e.Details {
		e.Details[i] = clip(masker.Mask(e.Details[i]), 500)
	}
	e.Code = clip(masker.Mask(e.Code), 100)
	e.RequestID = clip(masker.Mask(e.RequestID), 100)
	if ra := retryAfter(&http.Response{StatusCode: resp.StatusCode, Header: resp.Header}); ra > 0 {
		e.RetryAfter = ra
	}
	return e
}

func looksHTML(resp *Response) bool {
	return strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "text/html") ||
		bytes.HasPrefix(bytes.TrimSpace(resp.Body), []byte("<"))
}
