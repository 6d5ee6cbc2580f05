package polytomic

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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

// Provider block settings and their environment fallbacks.
const (
	DefaultURL = "https://app.polytomic.com"
	// DefaultAPIVersion is the newest documented X-Polytomic-Version; every request sends it so
	// behaviour never depends on the server's unversioned default.
	DefaultAPIVersion = "2025-09-18"

	envURL            = "POLYTOMIC_DEPLOYMENT_URL"
	envAPIKey         = "POLYTOMIC_API_KEY" //nolint:gosec // G101: the name of an environment variable, not a credential
	envDeploymentKey  = "POLYTOMIC_DEPLOYMENT_KEY"
	envOrganizationID = "POLYTOMIC_ORGANIZATION_ID"
	envCAFile         = "POLYTOMIC_CA_FILE"
	envInsecure       = "POLYTOMIC_INSECURE"
)

// tlsSettings are the block's ca_file and insecure attributes.
var tlsSettings = providerdata.TLSSettings{Block: "polytomic", Platform: "Polytomic", EnvCAFile: envCAFile, EnvInsecure: envInsecure}

var apiVersionFormat = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// uuidFormat is how Polytomic writes organization and policy ids.
var uuidFormat = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func uuidValidator(what string) validator.String {
	return stringvalidator.RegexMatches(uuidFormat, "must be "+what+" UUID such as 248df4b7-aa70-47b8-a036-33ac447e668d")
}

// platform names Polytomic in messages and says what to check when it refuses the credentials.
var platform = base.Platform{
	Block: "polytomic",
	Name:  "Polytomic",
	Unauthorized: "Check the polytomic block of the provider: api_key (" + envAPIKey + "), or deployment_key with organization_id (" +
		envDeploymentKey + ", " + envOrganizationID + "), and that they belong to the deployment at url.",
}

// Platform is the Polytomic part of the provider.
type Platform struct{}

var (
	_ providerdata.Platform          = Platform{}
	_ providerdata.WithListResources = Platform{}
)

func (Platform) Name() string { return "polytomic" }

func (Platform) MissingHint() string {
	return "Add a `polytomic { api_key = ... }` block to the syncops provider, or set the " + envAPIKey +
		" environment variable (or " + envDeploymentKey + " with " + envOrganizationID + " on a deployment)."
}

type transportOptions struct {
	attemptTimeout time.Duration
	tlsConfig      *tls.Config
	// tune adjusts the transport configuration (tests shorten retry waits with it).
	tune func(*transport.Config)
}

func (Platform) Block() schema.Block {
	attributes := map[string]schema.Attribute{
		"url": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Polytomic deployment URL. Defaults to `" + DefaultURL + "`, or the `" + envURL +
				"` environment variable. `https://` is added when no scheme is given.",
		},
		"api_key": schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: "User API key, sent as `Authorization: Bearer`. Defaults to the `" + envAPIKey + "` environment variable.",
		},
		"deployment_key": schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: "Deployment (on-premises) key, sent as Basic auth `<organization_id>:<deployment_key>` " +
				"(or `<deployment_key>:` without an organization). Defaults to the `" + envDeploymentKey + "` environment variable.",
		},
		"organization_id": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Organization UUID used with `deployment_key` in Basic auth (not used with `api_key`, which " +
				"acts in its own organization: a warning says so). Defaults to the `" + envOrganizationID + "` environment variable.",
			Validators: []validator.String{uuidValidator("an organization")},
		},
		"api_version": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "`X-Polytomic-Version` sent on every request. Defaults to `" + DefaultAPIVersion +
				"`, the newest documented version.",
			Validators: []validator.String{stringvalidator.RegexMatches(apiVersionFormat, "must be an API version date such as "+DefaultAPIVersion)},
		},
	}
	maps.Copy(attributes, tlsSettings.Attributes())
	return schema.SingleNestedBlock{
		MarkdownDescription: "Polytomic connection settings. Authenticate with exactly one of `api_key` (Bearer) or " +
			"`deployment_key` (Basic, with `organization_id` on multi-organization deployments).",
		Attributes: attributes,
	}
}

func (Platform) Configure(ctx context.Context, block types.Object, common providerdata.Common) (providerdata.Configured, diag.Diagnostics) {
	var diags diag.Diagnostics
	rawURL := providerdata.StringSetting(block, "url", envURL, DefaultURL)
	apiKey := providerdata.StringSetting(block, "api_key", envAPIKey, "")
	deploymentKey := providerdata.StringSetting(block, "deployment_key", envDeploymentKey, "")
	org := providerdata.StringSetting(block, "organization_id", envOrganizationID, "")
	version := providerdata.StringSetting(block, "api_version", "", DefaultAPIVersion)
	for _, s := range []providerdata.Setting{rawURL, apiKey, deploymentKey, org, version} {
		if s.Unknown {
			return providerdata.Configured{Unknown: true}, nil
		}
	}
	if block.IsNull() && !apiKey.Set && !deploymentKey.Set {
		return providerdata.Configured{}, nil
	}
	blockPath := path.Root("polytomic")
	switch {
	case apiKey.Value != "" && deploymentKey.Value != "":
		diags.AddAttributeError(blockPath, "Conflicting Polytomic credentials",
			"Set exactly one of api_key ("+envAPIKey+") or deployment_key ("+envDeploymentKey+"), not both.")
		return providerdata.Configured{}, diags
	case apiKey.Value == "" && deploymentKey.Value == "":
		diags.AddAttributeError(blockPath, "Missing Polytomic credentials",
			"Set exactly one of api_key ("+envAPIKey+") or deployment_key with organization_id ("+envDeploymentKey+", "+envOrganizationID+").")
		return providerdata.Configured{}, diags
	}
	if apiKey.Value != "" && org.Value != "" {
		// A user API key belongs to one organization; Basic auth is where the organization goes.
		diags.AddAttributeWarning(blockPath.AtName("organization_id"), "Polytomic organization_id is not used with api_key",
			"organization_id ("+envOrganizationID+") goes with deployment_key in Basic auth; with api_key, requests act in "+
				"the key's own organization. Remove organization_id, or authenticate with deployment_key instead. To put a "+
				"connection in another organization, set organization_id on the syncops_polytomic_connection resource.")
	}
	baseURL := strings.TrimRight(rawURL.Value, "/")
	if !strings.Contains(baseURL, "://") {
		baseURL = "https://" + baseURL
	}
	masker := transport.NewMasker(apiKey.Value, deploymentKey.Value)
	var auth string
	if apiKey.Value != "" {
		auth = "Bearer " + apiKey.Value
	} else {
		// The official provider sends "<org>:<key>"; without an organization the older client's
		// "<key>:" form is used.
		auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(org.Value+":"+deploymentKey.Value))
		if org.Value == "" {
			auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(deploymentKey.Value+":"))
		}
	}
	masker.AddSecrets(strings.TrimPrefix(strings.TrimPrefix(auth, "Basic "), "Bearer "))
	tlsConfig, tlsUnknown, tlsDiags := tlsSettings.Config(ctx, block)
	if tlsUnknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	diags.Append(tlsDiags...)
	if diags.HasError() {
		return providerdata.Configured{}, diags
	}
	tc, err := newTransport(baseURL, auth, version.Value, masker, transportOptions{attemptTimeout: common.AttemptTimeout, tlsConfig: tlsConfig})
	if err != nil {
		diags.AddAttributeError(blockPath.AtName("url"), "Invalid Polytomic URL", fmt.Sprintf("%s (set url or %s).", err, envURL))
		return providerdata.Configured{}, diags
	}
	return providerdata.Configured{Client: NewClient(tc, baseURL, version.Value)}, diags
}

func (Platform) Resources() []func() resource.Resource {
	return []func() resource.Resource{NewConnectionResource}
}

func (Platform) DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewConnectionDataSource, NewConnectionTypeDataSource}
}

func (Platform) ListResources() []func() list.ListResource {
	return []func() list.ListResource{NewConnectionListResource}
}

// Actions implements providerdata.WithActions (Terraform 1.14+).
func (Platform) Actions() []func() action.Action {
	return []func() action.Action{NewConnectionTestAction}
}
