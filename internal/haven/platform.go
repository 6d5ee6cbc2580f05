package haven

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
)

// Provider block settings and their environment variables.
const (
	DefaultURL  = "https://api.havenondemand.com"
	EnvURL      = "HAVEN_URL"
	EnvAPIKey   = "HAVEN_API_KEY" //nolint:gosec // G101: the name of an environment variable, not a credential
	EnvCAFile   = "HAVEN_CA_FILE"
	EnvInsecure = "HAVEN_INSECURE"
	// EnvDecryptionTokens holds decryption_tokens as a JSON object.
	EnvDecryptionTokens = "HAVEN_DECRYPTION_TOKENS" //nolint:gosec // G101: the name of an environment variable, not a credential
)

// platform names Haven OnDemand in the messages of its resources and data sources. HOD's own
// answers to a refused key already say what to check (explanations, codes 2000 to 2004), so
// there is no extra hint for 401 and 403.
var platform = base.Platform{Block: "haven", Name: PlatformName}

// tlsSettings are the block's ca_file and insecure attributes.
var tlsSettings = providerdata.TLSSettings{Block: "haven", Platform: PlatformName, EnvCAFile: EnvCAFile, EnvInsecure: EnvInsecure}

// Platform is the haven { ... } provider block.
type Platform struct{}

var (
	_ providerdata.Platform          = Platform{}
	_ providerdata.WithListResources = Platform{}
)

// Name implements providerdata.Platform.
func (Platform) Name() string { return "haven" }

// Block implements providerdata.Platform.
func (Platform) Block() schema.Block {
	attributes := map[string]schema.Attribute{
		"url": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Base URL of the Haven OnDemand API, e.g. `https://api.havenondemand.com` (the default). Falls back to `HAVEN_URL`.",
		},
		"api_key": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "Haven OnDemand API key. It is sent as the `apikey` parameter of every request and masked in every log line and error. " +
				"Falls back to `HAVEN_API_KEY`.",
		},
	}
	attributes["decryption_tokens"] = schema.MapAttribute{
		Optional: true, Sensitive: true, ElementType: types.StringType,
		MarkdownDescription: "Decryption tokens of cloud connectors with credentials, by connector name. Haven OnDemand encrypts " +
			"a connector's credentials and emails a decryption token (see `credentials_policy`) that `retrieveconfig` and " +
			"`startconnector` need: without it, reading such a connector (every refresh, import and the data source) and " +
			"`syncops_haven_connector_run` fail with Haven's error naming `token`. Masked in every log line and error. " +
			"Falls back to `HAVEN_DECRYPTION_TOKENS` (a JSON object).",
	}
	maps.Copy(attributes, tlsSettings.Attributes())
	return schema.SingleNestedBlock{
		MarkdownDescription: "Haven OnDemand connector APIs. Configure here or with the `HAVEN_URL` and `HAVEN_API_KEY` environment variables.",
		Attributes:          attributes,
	}
}

// MissingHint implements providerdata.Platform.
func (Platform) MissingHint() string {
	return "Add a `haven { url = ..., api_key = ... }` block to the syncops provider, or set the HAVEN_API_KEY (and optionally HAVEN_URL) environment variables."
}

// Configure implements providerdata.Platform.
func (Platform) Configure(ctx context.Context, block types.Object, common providerdata.Common) (providerdata.Configured, diag.Diagnostics) {
	var diags diag.Diagnostics
	u := providerdata.StringSetting(block, "url", EnvURL, DefaultURL)
	key := providerdata.StringSetting(block, "api_key", EnvAPIKey, "")
	if u.Unknown || key.Unknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	if block.IsNull() && !u.Set && !key.Set {
		return providerdata.Configured{}, nil
	}
	if key.Value == "" {
		diags.AddAttributeError(path.Root("haven").AtName("api_key"), "Missing Haven OnDemand API key",
			"The haven block (or HAVEN_URL) is set but no API key is: set api_key in the haven block or the HAVEN_API_KEY environment variable.")
		return providerdata.Configured{}, diags
	}
	tlsConfig, tlsUnknown, tlsDiags := tlsSettings.Config(ctx, block)
	if tlsUnknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	diags.Append(tlsDiags...)
	if diags.HasError() {
		return providerdata.Configured{}, diags
	}
	tokens, tokensUnknown, err := decryptionTokens(block)
	if tokensUnknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	if err != nil {
		diags.AddAttributeError(path.Root("haven").AtName("decryption_tokens"), "Invalid Haven OnDemand decryption tokens", err.Error())
		return providerdata.Configured{}, diags
	}
	c, err := NewClient(ClientConfig{URL: u.Value, APIKey: key.Value, DecryptionTokens: tokens, AttemptTimeout: common.AttemptTimeout, TLSConfig: tlsConfig})
	if err != nil {
		diags.AddAttributeError(path.Root("haven").AtName("url"), "Invalid Haven OnDemand URL", fmt.Sprintf("url: %v", err))
		return providerdata.Configured{}, diags
	}
	return providerdata.Configured{Client: c}, diags
}

// decryptionTokens reads decryption_tokens, or HAVEN_DECRYPTION_TOKENS when the block has none.
func decryptionTokens(block types.Object) (map[string]string, bool, error) {
	if !block.IsNull() && !block.IsUnknown() {
		if v, ok := block.Attributes()["decryption_tokens"].(types.Map); ok && !v.IsNull() {
			if v.IsUnknown() {
				return nil, true, nil
			}
			out := map[string]string{}
			for name, t := range v.Elements() {
				if t.IsUnknown() {
					return nil, true, nil
				}
				if s, ok := t.(types.String); ok && !s.IsNull() {
					out[name] = s.ValueString()
				}
			}
			return out, false, nil
		}
	}
	raw, ok := os.LookupEnv(EnvDecryptionTokens)
	if !ok || strings.TrimSpace(raw) == "" {
		return nil, false, nil
	}
	var out map[string]string
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		// The value is not quoted: it holds secrets.
		return nil, false, fmt.Errorf("%s must be a JSON object of connector names to tokens, e.g. {\"intranet\": \"...\"}", EnvDecryptionTokens)
	}
	return out, false, nil
}

// Resources implements providerdata.Platform.
func (Platform) Resources() []func() resource.Resource {
	return []func() resource.Resource{NewConnectorResource}
}

// ListResources implements providerdata.WithListResources.
func (Platform) ListResources() []func() list.ListResource {
	return []func() list.ListResource{NewConnectorListResource}
}

// DataSources implements providerdata.Platform.
func (Platform) DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewConnectorDataSource, NewConnectorHistoryDataSource}
}

// Actions implements providerdata.WithActions (Terraform 1.14+).
func (Platform) Actions() []func() action.Action {
	return []func() action.Action{NewConnectorRunAction}
}
