package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// privateSecretFields is the private state key of the names (never the values) of the
// configuration fields written from configuration_secrets_wo, so that a later Read hides their
// values in logs although the write-only values are gone.
const privateSecretFields = "configuration_secret_fields"

// privateGetter is the private state of a request.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// privateState is the private state of a Create or Update response.
type privateState interface {
	privateGetter
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// hideRecordedSecretFields hides, in this process, the values of the configuration fields that
// earlier runs wrote from configuration_secrets_wo (their names are in private state), and
// returns their names.
func (r *ConnectorResource) hideRecordedSecretFields(ctx context.Context, private privateGetter) []string {
	b, d := private.GetKey(ctx, privateSecretFields)
	if d.HasError() || len(b) == 0 {
		return nil
	}
	var fields []string
	if json.Unmarshal(b, &fields) != nil {
		return nil
	}
	r.Client.HideConfigurationSecrets(fields, nil)
	return fields
}

// hideSecretValuesOf hides the values that the named fields hold in c: a connector answered from
// a listing was decoded before this resource told the client the names of its secret fields.
func (r *ConnectorResource) hideSecretValuesOf(c *Connector, fields []string) {
	var values []string
	for _, f := range fields {
		if e, ok := c.Configuration[f]; ok && len(e.Value) > 0 {
			var v any
			if json.Unmarshal(e.Value, &v) == nil {
				values = appendValue(values, v)
			}
		}
	}
	if len(values) > 0 {
		r.Client.HideConfigurationSecrets(nil, values)
	}
}

// hideSecretFields hides the write-only values and their fields' values in every later answer
// of this process, and records the field names for the Reads of later runs.
func (r *ConnectorResource) hideSecretFields(ctx context.Context, secretsWO jsontypes.Normalized, secrets []string, private privateState) diag.Diagnostics {
	if secretsWO.IsNull() || secretsWO.IsUnknown() {
		return nil
	}
	var sec map[string]json.RawMessage
	if json.Unmarshal([]byte(secretsWO.ValueString()), &sec) != nil || len(sec) == 0 {
		return nil
	}
	// The names of earlier secrets stay: their values are still on the server.
	names := map[string]bool{}
	if b, d := private.GetKey(ctx, privateSecretFields); !d.HasError() && len(b) > 0 {
		var earlier []string
		if json.Unmarshal(b, &earlier) == nil {
			for _, n := range earlier {
				names[n] = true
			}
		}
	}
	current := make([]string, 0, len(sec))
	for k := range sec {
		current = append(current, k)
		names[k] = true
	}
	r.Client.HideConfigurationSecrets(current, secrets)
	all := make([]string, 0, len(names))
	for n := range names {
		all = append(all, n)
	}
	sort.Strings(all)
	b, err := json.Marshal(all)
	if err != nil {
		return nil
	}
	return private.SetKey(ctx, privateSecretFields, b)
}

// configurationValues merges configuration_values and the write-only secrets into one
// `values` body, and returns the secret values for masking.
func configurationValues(values, secretsWO jsontypes.Normalized) (map[string]json.RawMessage, []string, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := map[string]json.RawMessage{}
	if !values.IsNull() && !values.IsUnknown() {
		if err := json.Unmarshal([]byte(values.ValueString()), &out); err != nil {
			diags.AddAttributeError(path.Root("configuration_values"), "Invalid configuration_values", "Want a JSON object of field names to values: "+err.Error())
			return nil, nil, diags
		}
	}
	var secrets []string
	if !secretsWO.IsNull() && !secretsWO.IsUnknown() {
		var sec map[string]json.RawMessage
		if err := json.Unmarshal([]byte(secretsWO.ValueString()), &sec); err != nil {
			// The value is secret: do not echo the parser's error, which may quote it.
			diags.AddAttributeError(path.Root("configuration_secrets_wo"), "Invalid configuration_secrets_wo", "Want a JSON object of field names to values.")
			return nil, nil, diags
		}
		keys := make([]string, 0, len(sec))
		for k := range sec {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, dup := out[k]; dup {
				diags.AddAttributeError(path.Root("configuration_secrets_wo"), "Configuration field set twice",
					fmt.Sprintf("%q is in both configuration_values and configuration_secrets_wo; keep it in one of them.", k))
				return nil, nil, diags
			}
			out[k] = sec[k]
			var s string
			if json.Unmarshal(sec[k], &s) == nil {
				secrets = append(secrets, s)
			} else {
				secrets = append(secrets, string(sec[k]))
			}
		}
	}
	return out, secrets, diags
}

// secretsDigest keeps, in private state, a salted digest of the configuration_secrets_wo last
// sent, so that a change of the secrets themselves shows in the plan without a new
// configuration_secrets_wo_version.
var secretsDigest = base.WriteOnlyDigest{Key: "wo_digest_configuration_secrets"}

// canonicalSecrets is what the digest is taken of: the JSON object with sorted keys, no spacing
// and numbers as written, so that formatting alone is no change (the attribute is
// jsontypes.Normalized). ok is false when the value is null or not known yet.
func canonicalSecrets(v jsontypes.Normalized) (string, bool) {
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(v.ValueString()))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return v.ValueString(), true
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return v.ValueString(), true
	}
	return string(b), true
}

// secretsChangedSinceSent reports whether the configured secrets differ from the ones last sent.
// Without a digest (an imported connector, or one created by a provider that kept none) or
// without a known value it is false: configuration_secrets_wo_version alone decides.
func secretsChangedSinceSent(ctx context.Context, private base.PrivateGetter, secretsWO jsontypes.Normalized) (bool, diag.Diagnostics) {
	value, ok := canonicalSecrets(secretsWO)
	if !ok {
		return false, nil
	}
	changed, known, diags := secretsDigest.Changed(ctx, private, value)
	return changed && known, diags
}

// keepSecretsDigest records the digest of the secrets just sent.
func keepSecretsDigest(ctx context.Context, private base.PrivateSetter, secretsWO jsontypes.Normalized) diag.Diagnostics {
	value, ok := canonicalSecrets(secretsWO)
	if !ok {
		return nil
	}
	return secretsDigest.Store(ctx, private, value)
}
