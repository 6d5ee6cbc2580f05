package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// privateSecretFields is the private state key of the names (never the values) of the
// configuration fields written from configuration_secrets_wo, so that a later Read hides their
// values in logs although the write-only values are gone.
const privateSecretFields = "configuration_secret_fields"

// privateState is the private state of a Read request or of a Create or Update response.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// hideRecordedSecretFields hides, in this process, the values of the configuration fields that
// earlier runs wrote from configuration_secrets_wo (their names are in private state).
func (r *ConnectorResource) hideRecordedSecretFields(ctx context.Context, private privateState) {
	if b, d := private.GetKey(ctx, privateSecretFields); !d.HasError() && len(b) > 0 {
		var fields []string
		if json.Unmarshal(b, &fields) == nil {
			r.Client.HideConfigurationSecrets(fields, nil)
		}
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
