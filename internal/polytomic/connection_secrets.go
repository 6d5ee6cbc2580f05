package polytomic

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// secretDigest keeps, in private state, a salted digest of the sensitive_configuration_wo last
// sent to Polytomic, so that a change of the secrets themselves is sent without a bump of
// sensitive_configuration_wo_version. Polytomic masks secrets on every read, so the digest of
// what this provider sent is the only thing to compare with: a secret changed in Polytomic itself
// is never seen.
var secretDigest = base.WriteOnlyDigest{Key: "wo_digest_sensitive_configuration"}

// canonicalSecret is what is digested: the configured JSON object compacted with sorted keys,
// so that spacing and key order are never a change. ok is false when there is nothing to
// compare (null, unknown, or not a JSON object, which the plan reports by itself).
func canonicalSecret(v jsontypes.Normalized) (string, bool) {
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(v.ValueString())))
	dec.UseNumber() // numbers digested as written, not through float64
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return "", false
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// secretChangedSinceSent reports a configured sensitive_configuration_wo that differs from the
// one last sent. Without a digest (imported, created by a provider that kept none, or never
// sent) the change cannot be told and it is false: the version alone decides.
func secretChangedSinceSent(ctx context.Context, private base.PrivateGetter, v jsontypes.Normalized, diags *diag.Diagnostics) bool {
	canonical, ok := canonicalSecret(v)
	if !ok {
		return false
	}
	changed, known, d := secretDigest.Changed(ctx, private, canonical)
	diags.Append(d...)
	return known && changed
}

// keepSecretDigest records the sensitive_configuration_wo just sent.
func keepSecretDigest(ctx context.Context, private base.PrivateSetter, v jsontypes.Normalized, diags *diag.Diagnostics) {
	canonical, ok := canonicalSecret(v)
	if !ok {
		return
	}
	diags.Append(secretDigest.Store(ctx, private, canonical)...)
}
