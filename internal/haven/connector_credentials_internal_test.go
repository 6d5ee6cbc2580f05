package haven

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type memPrivate map[string][]byte

func (m memPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return m[key], nil
}

func (m memPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	m[key] = value
	return nil
}

// TestSendCredentials pins when an update sends credentials_wo: a version change always; a value
// that differs from the digest of the one last sent; nothing when no digest was kept (imported, or
// created before digests) and the version is unchanged.
func TestSendCredentials(t *testing.T) {
	ctx := context.Background()
	withCreds := func(v string, version int64) connectorModel {
		return connectorModel{CredentialsWO: types.StringValue(v), CredentialsWOVersion: types.Int64Value(version)}
	}
	kept := memPrivate{}
	if d := keepCredentialsDigest(ctx, kept, `{"password_value":"a"}`); d.HasError() {
		t.Fatal(d)
	}
	for _, tc := range []struct {
		name                string
		private             memPrivate
		state, plan, config connectorModel
		want                bool
	}{
		{"same value, same version", kept, withCreds("", 1), withCreds("", 1), withCreds(`{"password_value":"a"}`, 1), false},
		{"same value, JSON spacing differs", kept, withCreds("", 1), withCreds("", 1), withCreds(`{"password_value": "a"}`, 1), true},
		{"new value, same version", kept, withCreds("", 1), withCreds("", 1), withCreds(`{"password_value":"b"}`, 1), true},
		{"same value, new version", kept, withCreds("", 1), withCreds("", 2), withCreds(`{"password_value":"a"}`, 2), true},
		{"no digest, same version", memPrivate{}, withCreds("", 1), withCreds("", 1), withCreds(`{"password_value":"b"}`, 1), false},
		{"no digest, new version", memPrivate{}, withCreds("", 1), withCreds("", 2), withCreds(`{"password_value":"b"}`, 2), true},
		{"no credentials configured", kept, withCreds("", 1), withCreds("", 2), connectorModel{CredentialsWO: types.StringNull()}, false},
	} {
		got, diags := sendCredentials(ctx, tc.private, tc.plan, tc.state, tc.config)
		if diags.HasError() || got != tc.want {
			t.Errorf("%s: send = %v (%v), want %v", tc.name, got, diags, tc.want)
		}
	}
	if raw := string(kept[credentialsDigest.Key]); raw == "" || strings.Contains(raw, "password_value") {
		t.Fatalf("the private state holds %q", raw)
	}
}
