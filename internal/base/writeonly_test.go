package base

import (
	"bytes"
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

type memPrivate map[string][]byte

func (m memPrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return m[k], nil }
func (m memPrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	m[k] = v
	return nil
}

func TestWriteOnlyDigest(t *testing.T) {
	ctx := context.Background()
	w := WriteOnlyDigest{Key: "wo_digest_password"}
	p := memPrivate{}
	if _, known, _ := w.Changed(ctx, p, "hunter2"); known {
		t.Fatal("a digest is known before any was stored")
	}
	if d := w.Store(ctx, p, "hunter2"); d.HasError() {
		t.Fatal(d)
	}
	if bytes.Contains(p[w.Key], []byte("hunter2")) {
		t.Fatalf("the private state holds the value: %s", p[w.Key])
	}
	if changed, known, _ := w.Changed(ctx, p, "hunter2"); !known || changed {
		t.Fatalf("same value: changed=%v known=%v", changed, known)
	}
	if changed, known, _ := w.Changed(ctx, p, "hunter3"); !known || !changed {
		t.Fatalf("new value: changed=%v known=%v", changed, known)
	}
	// A new salt each time: two resources with the same secret keep different digests.
	q := memPrivate{}
	_ = w.Store(ctx, q, "hunter2")
	if bytes.Equal(p[w.Key], q[w.Key]) {
		t.Error("the same value stored twice gives the same digest: no salt")
	}
	p[w.Key] = []byte("not json")
	if _, known, _ := w.Changed(ctx, p, "hunter2"); known {
		t.Error("a damaged digest counts as known")
	}
}
