package polytomic

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"

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

// secretPathsKey keeps, in private state, the paths (never the values) of the secrets last sent,
// so that a secret removed from sensitive_configuration_wo is cleared in Polytomic: left out of an
// update, Polytomic would keep the stored one (reference §7), and only "" clears it.
const secretPathsKey = "wo_paths_sensitive_configuration" //nolint:gosec // G101: a private-state key naming paths, not a credential

// secretLeafPaths lists the paths of the values of a secret object, through objects only (a
// secret inside a list is sent by position with the list, never cleared on its own).
func secretLeafPaths(obj map[string]any) [][]string {
	var out [][]string
	var walk func(prefix []string, v any)
	walk = func(prefix []string, v any) {
		if m, ok := v.(map[string]any); ok {
			for k, x := range m {
				walk(append(slices.Clone(prefix), k), x)
			}
			return
		}
		if _, isList := v.([]any); !isList && len(prefix) > 0 {
			out = append(out, prefix)
		}
	}
	walk(nil, obj)
	return out
}

// keepSecretPaths records the paths of the secrets just sent.
func keepSecretPaths(ctx context.Context, private base.PrivateSetter, secret map[string]any, diags *diag.Diagnostics) {
	raw, err := json.Marshal(secretLeafPaths(secret))
	if err != nil {
		return
	}
	diags.Append(private.SetKey(ctx, secretPathsKey, raw)...)
}

// clearRemovedSecrets sets to "" in cfg, the configuration about to be sent, every secret path sent
// last time that neither secret nor cfg has any more. Without recorded paths (an import, a state
// written before paths were kept) nothing is cleared. It returns the paths cleared.
func clearRemovedSecrets(ctx context.Context, private base.PrivateGetter, secret, cfg map[string]any, diags *diag.Diagnostics) []string {
	raw, d := private.GetKey(ctx, secretPathsKey)
	diags.Append(d...)
	var before [][]string
	if len(raw) == 0 || json.Unmarshal(raw, &before) != nil {
		return nil
	}
	var cleared []string
	for _, p := range before {
		if len(p) == 0 || hasPath(secret, p) || hasPath(cfg, p) {
			continue
		}
		if setPath(cfg, p, "") {
			cleared = append(cleared, strings.Join(p, "."))
		}
	}
	slices.Sort(cleared)
	return cleared
}

func hasPath(obj map[string]any, p []string) bool {
	var v any = obj
	for _, k := range p {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

// setPath sets value at p, making the objects on the way; false when a non-object is in the way.
func setPath(obj map[string]any, p []string, value any) bool {
	m := obj
	for _, k := range p[:len(p)-1] {
		next, exists := m[k]
		if !exists {
			child := map[string]any{}
			m[k] = child
			m = child
			continue
		}
		child, ok := next.(map[string]any)
		if !ok {
			return false
		}
		m = child
	}
	m[p[len(p)-1]] = value
	return true
}
