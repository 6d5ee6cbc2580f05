package base

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// WriteOnlyDigest keeps in private state (never in the state's attributes, the plan or the logs) a
// salted, slow hash of the last value of a write-only attribute that the provider sent, so that a
// change of the value itself shows in the plan without bumping its *_wo_version. The version stays
// the way to send the same value again.
type WriteOnlyDigest struct {
	// Key is the private state key, e.g. "wo_digest_credentials".
	Key string
}

// digestIterations makes guessing a low-entropy secret from the state file slow while costing
// a few milliseconds per resource and plan, and only where a write-only value is configured.
const digestIterations = 4096

type storedDigest struct {
	Salt []byte `json:"salt"`
	Hash []byte `json:"hash"`
}

// PrivateGetter reads private state (the framework's ModifyPlan, Read and Update requests).
type PrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// PrivateSetter writes private state (the framework's Create, Update and ModifyPlan responses).
type PrivateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// Changed compares value with the digest of the value last sent. known is false when no digest
// was kept (a resource imported, or created before digests were kept): the change cannot be told,
// and the attribute's version alone decides.
func (w WriteOnlyDigest) Changed(ctx context.Context, private PrivateGetter, value string) (changed, known bool, diags diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, w.Key)
	if diags.HasError() || len(raw) == 0 {
		return false, false, diags
	}
	var d storedDigest
	if json.Unmarshal(raw, &d) != nil || len(d.Salt) == 0 || len(d.Hash) == 0 {
		return false, false, diags
	}
	return !hmac.Equal(digest(d.Salt, value), d.Hash), true, diags
}

// Store keeps the digest of value, the value just sent, under a new salt.
func (w WriteOnlyDigest) Store(ctx context.Context, private PrivateSetter, value string) diag.Diagnostics {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	raw, err := json.Marshal(storedDigest{Salt: salt, Hash: digest(salt, value)})
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to keep the digest of a write-only value", err.Error())
		return diags
	}
	return private.SetKey(ctx, w.Key, raw)
}

func digest(salt []byte, value string) []byte {
	key, err := pbkdf2.Key(sha256.New, value, salt, digestIterations, 32)
	if err != nil {
		// Only impossible parameters fail (key length, FIPS mode limits): fall back to one round.
		m := hmac.New(sha256.New, salt)
		m.Write([]byte(value))
		return m.Sum(nil)
	}
	return key
}
