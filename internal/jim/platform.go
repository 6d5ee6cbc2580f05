package jim

import (
	"context"
	"maps"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const (
	platformName = "jim"
	envURL       = "JIM_URL"
	envAPIKey    = "JIM_API_KEY" //nolint:gosec // G101: the name of an environment variable, not a credential
	envCAFile    = "JIM_CA_FILE"
	envInsecure  = "JIM_INSECURE"
)

// tlsSettings are the block's ca_file and insecure attributes.
var tlsSettings = providerdata.TLSSettings{Block: platformName, Platform: "JIM", EnvCAFile: envCAFile, EnvInsecure: envInsecure}

// apiKeyFormat is what JIM accepts as a key: the jim_ak_ prefix (anything else is rejected before
// any lookup) and at least 32 characters. Keys JIM generates are jim_ak_ and 64 hex characters; the
// infrastructure key (JIM_INFRASTRUCTURE_API_KEY, for bootstrap and CI) is any value of that shape.
var apiKeyFormat = regexp.MustCompile(`^jim_ak_\S{25,}$`)

// platform names JIM in messages and says what to check when JIM refuses the API key.
var platform = base.Platform{
	Block:        platformName,
	Name:         "JIM",
	Unauthorized: "JIM refused the API key: check jim.api_key (or " + envAPIKey + "); the key must exist, be enabled and not have expired.",
	Forbidden:    "The API key is valid but lacks the Administrator role, which JIM's synchronisation API requires: use a key that has it.",
}

// Default timeouts of the JIM resources' operations (timeouts block).
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 30 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
)

// Platform is JIM's part of the provider.
type Platform struct{}

func (Platform) Name() string { return platformName }

func (Platform) MissingHint() string {
	return "This resource needs JIM: add a `jim { url = ..., api_key = ... }` block to the syncops provider, " +
		"or set the " + envURL + " and " + envAPIKey + " environment variables."
}

func (Platform) Block() schema.Block {
	attributes := map[string]schema.Attribute{
		"url": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Base URL of the JIM server, e.g. `https://jim.example.com`. Falls back to the `" + envURL + "` environment variable.",
		},
		"rate_limit": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Requests per minute this provider sends to the JIM server, shared by every JIM resource of a Terraform run " +
				"whatever `-parallelism` is. Default 300, JIM's default limit per API key; set it to the server's " +
				"`Security.RateLimiting` value, or 0 to turn pacing off (a 429 still pauses every request for its Retry-After).",
			Validators: []validator.Int64{int64validator.AtLeast(0)},
		},
		"api_key": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "JIM API key (`jim_ak_` followed by 64 lowercase hex characters, or the server's `JIM_INFRASTRUCTURE_API_KEY`), from a key with the Administrator role. " +
				"Falls back to the `" + envAPIKey + "` environment variable.",
		},
	}
	maps.Copy(attributes, tlsSettings.Attributes())
	return schema.SingleNestedBlock{
		MarkdownDescription: "JIM (Junctional Identity Manager) connection settings.",
		Attributes:          attributes,
	}
}

func (Platform) Configure(ctx context.Context, block types.Object, common providerdata.Common) (providerdata.Configured, diag.Diagnostics) {
	var diags diag.Diagnostics
	url := providerdata.StringSetting(block, "url", envURL, "")
	key := providerdata.StringSetting(block, "api_key", envAPIKey, "")
	if url.Unknown || key.Unknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	if !url.Set && !key.Set {
		if !block.IsNull() {
			diags.AddAttributeError(path.Root(platformName), "Incomplete jim block",
				"The jim block needs url and api_key (or the "+envURL+" and "+envAPIKey+" environment variables).")
		}
		return providerdata.Configured{}, diags
	}
	if !url.Set {
		diags.AddAttributeError(path.Root(platformName).AtName("url"), "Missing JIM URL",
			"Set jim.url or the "+envURL+" environment variable to the JIM server's base URL, e.g. https://jim.example.com.")
	} else if _, err := transport.ParseBaseURL(url.Value); err != nil {
		diags.AddAttributeError(path.Root(platformName).AtName("url"), "Invalid JIM URL", err.Error())
	}
	if !key.Set {
		diags.AddAttributeError(path.Root(platformName).AtName("api_key"), "Missing JIM API key",
			"Set jim.api_key or the "+envAPIKey+" environment variable.")
	} else if !apiKeyFormat.MatchString(key.Value) {
		diags.AddAttributeError(path.Root(platformName).AtName("api_key"), "Invalid JIM API key format",
			"A JIM API key starts with `jim_ak_` and has at least 32 characters (keys JIM creates are `jim_ak_` and 64 "+
				"hexadecimal characters; the infrastructure key is any such value); the configured value does not. "+
				"Create a key in JIM under Administration > API Keys.")
	}
	if diags.HasError() {
		return providerdata.Configured{}, diags
	}
	rateLimit := int64(defaultRateLimit)
	if v, ok := providerdata.AttrValue(block, "rate_limit").(types.Int64); ok && !v.IsNull() {
		if v.IsUnknown() {
			return providerdata.Configured{Unknown: true}, nil
		}
		rateLimit = v.ValueInt64()
	}
	tlsConfig, tlsUnknown, tlsDiags := tlsSettings.Config(ctx, block)
	if tlsUnknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	diags.Append(tlsDiags...)
	if diags.HasError() {
		return providerdata.Configured{}, diags
	}
	client, err := NewClient(url.Value, key.Value, common, WithRateLimit(int(rateLimit)), WithTLS(tlsConfig))
	if err != nil {
		diags.AddAttributeError(path.Root(platformName), "Unable to configure JIM", err.Error())
		return providerdata.Configured{}, diags
	}
	return providerdata.Configured{Client: client}, diags
}

func (Platform) Resources() []func() resource.Resource {
	return []func() resource.Resource{NewConnectedSystemResource, NewRunProfileResource}
}

// ListResources are the list resources of terraform query (Terraform 1.14+).
func (Platform) ListResources() []func() list.ListResource {
	return []func() list.ListResource{NewConnectedSystemListResource, NewRunProfileListResource}
}

func (Platform) DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewConnectorDefinitionDataSource, NewConnectedSystemDataSource, NewRunProfilesDataSource}
}

// Actions implements providerdata.WithActions (Terraform 1.14+).
func (Platform) Actions() []func() action.Action {
	return []func() action.Action{NewRunProfileExecuteAction}
}
