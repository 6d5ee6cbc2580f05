package jim

import (
	"net/http"
	"testing"
)

// secret-check tells a test what a secret setting holds without the API ever returning it.
func TestSecretCheckControl(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	check := func(name, value string) response {
		return s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/secret-check", map[string]any{"name": name, "value": value})
	}
	assertEqual(t, "before any write", s.expect(check("Password", "pw-1"), http.StatusOK).json(t)["matches"], any(false))
	s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": map[string]any{
		itoa(s.settingID(1, "Host")):                map[string]any{"stringValue": "dc1.corp.example"},
		itoa(s.settingID(1, "Username")):            map[string]any{"stringValue": "svc"},
		itoa(s.settingID(1, "Password")):            map[string]any{"stringValue": "pw-1"},
		itoa(s.settingID(1, "Authentication Type")): map[string]any{"stringValue": "Simple"},
	}}), http.StatusOK)
	assertEqual(t, "the value sent", s.expect(check("Password", "pw-1"), http.StatusOK).json(t)["matches"], any(true))
	assertEqual(t, "another value", s.expect(check("Password", "pw-2"), http.StatusOK).json(t)["matches"], any(false))
	s.expect(check("Host", "x"), http.StatusNotFound) // not a secret setting
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/999/secret-check", map[string]any{"name": "Password"}), http.StatusNotFound)
}
