package polytomic

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

type privateMap map[string][]byte

func (p privateMap) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p privateMap) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

// The digest compares the secrets, not how they are written; without a digest (imported, or
// kept by no earlier provider) no change can be told and the version alone decides.
func TestSecretDigest(t *testing.T) {
	ctx := context.Background()
	var diags diag.Diagnostics
	private := privateMap{}
	sent := jsontypes.NewNormalizedValue(`{"password":"s3cret","port":5432}`)
	if secretChangedSinceSent(ctx, private, sent, &diags) {
		t.Fatal("no digest kept: a change was reported, the version alone must decide")
	}
	keepSecretDigest(ctx, private, sent, &diags)
	for _, c := range []struct {
		value   jsontypes.Normalized
		changed bool
	}{
		{jsontypes.NewNormalizedValue(`{ "port" : 5432, "password": "s3cret" }`), false},
		{jsontypes.NewNormalizedValue(`{"password":"s3cret","port":5433}`), true},
		{jsontypes.NewNormalizedValue(`{"password":"other","port":5432}`), true},
		{jsontypes.NewNormalizedNull(), false},
		{jsontypes.NewNormalizedUnknown(), false},
	} {
		if got := secretChangedSinceSent(ctx, private, c.value, &diags); got != c.changed {
			t.Errorf("%s: changed = %v, want %v", c.value, got, c.changed)
		}
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
	for _, v := range private {
		if len(v) == 0 || strings.Contains(string(v), "s3cret") {
			t.Fatalf("the private state holds %q", v)
		}
	}
}
