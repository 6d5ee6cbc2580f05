package jim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

const unauthorizedBody = `{"error":"Unauthorized","message":"Authentication required"}`

func TestMissingAPIKeyGetsFrameworkUnauthorized(t *testing.T) {
	s := start(t)
	r := s.expect(s.raw("GET", csBase, "", nil), http.StatusUnauthorized)
	assertEqual(t, "body", strings.TrimSpace(string(r.body)), unauthorizedBody)
}

func TestAPIKeyWithoutPrefixIsRejected(t *testing.T) {
	s := start(t)
	r := s.expect(s.raw("GET", csBase, "", map[string]string{"X-API-Key": "jim_xxxxxxxxxxxx"}), http.StatusUnauthorized)
	assertEqual(t, "body", strings.TrimSpace(string(r.body)), unauthorizedBody)
}

func TestWrongAPIKeyIsRejected(t *testing.T) {
	s := start(t)
	wrong := "jim_ak_" + strings.Repeat("f", 64)
	r := s.expect(s.raw("GET", csBase, "", map[string]string{"X-API-Key": wrong}), http.StatusUnauthorized)
	assertEqual(t, "body", strings.TrimSpace(string(r.body)), unauthorizedBody)
}

func TestBearerTokenIsRejected(t *testing.T) {
	s := start(t)
	s.expect(s.raw("GET", csBase, "", map[string]string{"Authorization": "Bearer abc"}), http.StatusUnauthorized)
}

func TestUserRoleKeyGetsEmptyForbiddenOnAdministratorRoutes(t *testing.T) {
	user := "jim_ak_" + strings.Repeat("ab", 32)
	s := start(t, func(o *Options) { o.UserAPIKey = user })
	hdr := map[string]string{"X-API-Key": user}
	for _, route := range []string{csBase, syncBase + "/connector-definitions", apiPrefix + "/activities", apiPrefix + "/worker-tasks"} {
		r := s.expect(s.raw("GET", route, "", hdr), http.StatusForbidden)
		assertEqual(t, route+" body", string(r.body), "")
	}
	s.expect(s.raw("POST", csBase, `{"name":"x","connectorDefinitionId":2}`, hdr), http.StatusForbidden)
	if n := s.emu.State()["connectedSystems"]; n != 0 {
		t.Fatalf("a refused create made %d connected system(s)", n)
	}
	// Anonymous routes and the web UI fallback do not need the role.
	s.expect(s.raw("GET", apiPrefix+"/health", "", hdr), http.StatusOK)
	s.expect(s.raw("GET", apiPrefix+"/connected-systems", "", hdr), http.StatusOK)
	// The Administrator key is unaffected.
	s.expect(s.do("GET", csBase, nil), http.StatusOK)
}

func TestAPIKeyHeaderNameIsCaseInsensitive(t *testing.T) {
	s := start(t)
	r := s.expect(s.raw("GET", csBase, "", map[string]string{"x-api-key": s.key}), http.StatusOK)
	assertEqual(t, "api-supported-versions", r.header.Get("api-supported-versions"), "1.0")
	s.expect(s.raw("GET", csBase, "", map[string]string{"X-Api-Key": s.key}), http.StatusOK)
}

func TestDefaultAPIKeyHasTheRealFormat(t *testing.T) {
	if !strings.HasPrefix(DefaultAPIKey, "jim_ak_") || len(DefaultAPIKey) != 7+64 {
		t.Fatalf("DefaultAPIKey %q is not jim_ak_ + 64 hex", DefaultAPIKey)
	}
	for _, c := range DefaultAPIKey[7:] {
		if !strings.ContainsRune("0123456789abcdef", c) {
			t.Fatalf("DefaultAPIKey has a non-lowercase-hex character %q", c)
		}
	}
}

func TestHealthEndpointsAreAnonymous(t *testing.T) {
	s := start(t)
	for _, p := range []string{"/health", "/health/ready", "/health/live"} {
		s.expect(s.raw("GET", apiPrefix+p, "", nil), http.StatusOK)
	}
	r := s.expect(s.raw("GET", apiPrefix+"/health/version", "", nil), http.StatusOK)
	assertEqual(t, "version body", strings.TrimSpace(string(r.body)), `{"product":"JIM","version":"0.14.0"}`)
}

func TestUnknownAPIPathAnswersWebUIPage(t *testing.T) {
	s := start(t)
	// The docs' /api/v1/connected-systems does not exist: JIM's fallback page answers 200 HTML.
	r := s.expect(s.do("GET", apiPrefix+"/connected-systems", nil), http.StatusOK)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "<html") {
		t.Fatalf("want the HTML page, got %q: %s", r.header.Get("Content-Type"), r.body)
	}
	// So does a route-constraint miss (non-int id).
	r = s.expect(s.do("GET", csBase+"/abc", nil), http.StatusOK)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("non-int id: want HTML, got %q", r.header.Get("Content-Type"))
	}
	// An unauthenticated caller gets the 401 JSON instead.
	r = s.expect(s.raw("GET", apiPrefix+"/connected-systems", "", nil), http.StatusUnauthorized)
	assertEqual(t, "body", strings.TrimSpace(string(r.body)), unauthorizedBody)
}

func TestRouteMatchingIsCaseInsensitive(t *testing.T) {
	s := start(t)
	r := s.expect(s.do("GET", "/api/v1/Synchronisation/Connector-Definitions/2", nil), http.StatusOK)
	assertEqual(t, "name", r.json(t)["name"], any(fileConnectorName))
}

func TestRateLimiterAnswers429WithRetryAfter(t *testing.T) {
	s := start(t, func(o *Options) { o.RateLimit = 5 })
	for i := 0; i < 5; i++ {
		s.expect(s.do("GET", csBase, nil), http.StatusOK)
	}
	r := s.expect(s.do("GET", csBase, nil), http.StatusTooManyRequests)
	if ra := r.header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Fatalf("Retry-After = %q", ra)
	}
	body := r.json(t)
	assertEqual(t, "code", body["code"], any("TOO_MANY_REQUESTS"))
	assertEqual(t, "message", body["message"], any("Too many requests. Please retry after the indicated delay."))
	if _, ok := body["details"]; !ok {
		t.Error("details must be written as null")
	}
	// Health is exempt.
	s.expect(s.raw("GET", apiPrefix+"/health", "", nil), http.StatusOK)
	// The sliding window frees permits once the oldest segment leaves it.
	s.clock.Advance(61 * time.Second)
	s.expect(s.do("GET", csBase, nil), http.StatusOK)
}

func TestRateLimitZeroTurnsTheLimiterOff(t *testing.T) {
	s := start(t, func(o *Options) { o.RateLimit = 0 })
	for i := 0; i < 40; i++ {
		s.expect(s.do("GET", csBase, nil), http.StatusOK)
	}
}

// JIM_INFRASTRUCTURE_API_KEY (reference §2): any jim_ak_ value of at least 32 characters, with the
// Administrator role, exempt from rate limiting; a shorter one is never accepted.
func TestInfrastructureKey(t *testing.T) {
	const infra = "jim_ak_ci-bootstrap-Key-2026-XYZ" // 32 characters, not hex
	s := start(t, func(o *Options) { o.RateLimit = 2; o.InfrastructureAPIKey = infra })
	for i := 0; i < 10; i++ {
		s.expect(s.raw("GET", csBase, "", map[string]string{"X-API-Key": infra}), http.StatusOK)
	}
	s.expect(s.do("GET", csBase, nil), http.StatusOK)
	s.expect(s.do("GET", csBase, nil), http.StatusOK)
	s.expect(s.do("GET", csBase, nil), http.StatusTooManyRequests)
}

func TestInfrastructureKeyTooShort(t *testing.T) {
	s := start(t, func(o *Options) { o.InfrastructureAPIKey = "jim_ak_short" })
	s.expect(s.raw("GET", csBase, "", map[string]string{"X-API-Key": "jim_ak_short"}), http.StatusUnauthorized)
}
