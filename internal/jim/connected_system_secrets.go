package jim

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// secretsDigest keeps in private state a salted digest of the secret_settings_wo map last sent,
// so that a change of a secret itself is seen without bumping secret_settings_wo_version.
var secretsDigest = base.WriteOnlyDigest{Key: "wo_digest_secret_settings_wo"}

// secretsValue is the configured map as one string (JSON, keys sorted); ok is false when the map
// is null or not known yet.
func secretsValue(m types.Map) (string, bool) {
	if m.IsNull() || m.IsUnknown() {
		return "", false
	}
	var diags diag.Diagnostics
	values, unknown := stringMap(m, &diags)
	if unknown || diags.HasError() {
		return "", false
	}
	b, err := json.Marshal(values)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// secretsChanged reports configured secrets that differ from the ones last sent. With no digest
// kept (an imported system, or one created by a provider that kept none) it cannot tell,
// and reports false: secret_settings_wo_version alone decides then.
func secretsChanged(ctx context.Context, private base.PrivateGetter, configured types.Map) (bool, diag.Diagnostics) {
	value, ok := secretsValue(configured)
	if !ok {
		return false, nil
	}
	changed, known, diags := secretsDigest.Changed(ctx, private, value)
	return changed && known, diags
}

// storeSecretsDigest keeps the digest of the secrets just sent.
func storeSecretsDigest(ctx context.Context, private base.PrivateSetter, configured types.Map) diag.Diagnostics {
	value, ok := secretsValue(configured)
	if !ok {
		return nil
	}
	return secretsDigest.Store(ctx, private, value)
}
