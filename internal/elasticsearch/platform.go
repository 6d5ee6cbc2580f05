package elasticsearch

import (
	"context"
	"encoding/base64"
	"maps"
	"net/http"
	"os"
	"strings"

	"github.com/hashicorp/go-cleanhttp"
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
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Environment variables, named as in the elasticstack provider.
const (
	EnvEndpoints   = "ELASTICSEARCH_ENDPOINTS"
	EnvAPIKey      = "ELASTICSEARCH_API_KEY"
	EnvUsername    = "ELASTICSEARCH_USERNAME"
	EnvPassword    = "ELASTICSEARCH_PASSWORD"
	EnvBearerToken = "ELASTICSEARCH_BEARER_TOKEN"
	EnvCAFile      = "ELASTICSEARCH_CA_FILE"
	EnvInsecure    = "ELASTICSEARCH_INSECURE"
)

// Platform is the elasticsearch provider block.
type Platform struct{}

// platform names Elasticsearch in the messages of the resource and data sources.
var platform = base.Platform{
	Block:        "elasticsearch",
	Name:         "Elasticsearch",
	Unauthorized: "Elasticsearch refused the credentials: check api_key, bearer_token or username/password in the elasticsearch block (or the ELASTICSEARCH_* environment variables).",
	Forbidden:    "The credentials lack a privilege the connector APIs need (manage_connector, or manage and the .elastic-connectors* index privileges).",
}

func (Platform) Name() string { return "elasticsearch" }

// tlsSettings are the block's ca_file and insecure attributes.
var tlsSettings = providerdata.TLSSettings{Block: "elasticsearch", Platform: "Elasticsearch", EnvCAFile: EnvCAFile, EnvInsecure: EnvInsecure}

func (Platform) Block() schema.Block {
	attributes := map[string]schema.Attribute{
		"endpoints": schema.ListAttribute{
			ElementType: types.StringType, Optional: true,
			MarkdownDescription: "Elasticsearch URLs such as `https://es.example.com:9200`, tried in order: the next one is used only when a request got no answer and cannot have been processed. " +
				"Env: `ELASTICSEARCH_ENDPOINTS` (comma-separated).",
		},
		"api_key": schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: "API key, the `encoded` value of `POST /_security/api_key` (sent as `Authorization: ApiKey <api_key>`). Takes precedence over `bearer_token` and `username`/`password`. Env: `ELASTICSEARCH_API_KEY`.",
		},
		"username": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "User for HTTP Basic authentication, with `password`. Env: `ELASTICSEARCH_USERNAME`.",
		},
		"password": schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: "Password of `username`. Env: `ELASTICSEARCH_PASSWORD`.",
		},
		"bearer_token": schema.StringAttribute{
			Optional: true, Sensitive: true,
			MarkdownDescription: "Bearer token (OAuth2, service account or JWT), sent as `Authorization: Bearer <token>`. Takes precedence over `username`/`password`. Env: `ELASTICSEARCH_BEARER_TOKEN`.",
		},
	}
	maps.Copy(attributes, tlsSettings.Attributes())
	return schema.SingleNestedBlock{
		MarkdownDescription: "Elasticsearch cluster whose content connectors (`/_connector` API, Elasticsearch 8.13 or later) are managed. " +
			"Every setting falls back to its `ELASTICSEARCH_*` environment variable.",
		Attributes: attributes,
	}
}

func (Platform) MissingHint() string {
	return "Add an `elasticsearch { endpoints = [\"https://...\"] api_key = \"...\" }` block to the provider, " +
		"or set ELASTICSEARCH_ENDPOINTS and ELASTICSEARCH_API_KEY (or ELASTICSEARCH_BEARER_TOKEN, or ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD)."
}

func (Platform) Resources() []func() resource.Resource {
	return []func() resource.Resource{NewConnectorResource}
}

// ListResources are the list resources of terraform query (Terraform 1.14+).
func (Platform) ListResources() []func() list.ListResource {
	return []func() list.ListResource{NewConnectorListResource}
}

// Actions are the actions of Terraform 1.14+.
func (Platform) Actions() []func() action.Action {
	return []func() action.Action{NewConnectorSyncAction}
}

func (Platform) DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewConnectorDataSource, NewConnectorsDataSource}
}

func (Platform) Configure(ctx context.Context, block types.Object, common providerdata.Common) (providerdata.Configured, diag.Diagnostics) {
	var diags diag.Diagnostics
	root := path.Root("elasticsearch")
	endpoints, unknown := endpointsSetting(block)
	apiKey := providerdata.StringSetting(block, "api_key", EnvAPIKey, "")
	username := providerdata.StringSetting(block, "username", EnvUsername, "")
	password := providerdata.StringSetting(block, "password", EnvPassword, "")
	bearer := providerdata.StringSetting(block, "bearer_token", EnvBearerToken, "")
	if unknown || apiKey.Unknown || username.Unknown || password.Unknown || bearer.Unknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	if block.IsNull() && len(endpoints) == 0 {
		return providerdata.Configured{}, nil
	}
	if len(endpoints) == 0 {
		diags.AddAttributeError(root.AtName("endpoints"), "Missing Elasticsearch endpoints",
			"Set `endpoints` in the elasticsearch block (or ELASTICSEARCH_ENDPOINTS), e.g. [\"https://es.example.com:9200\"].")
		return providerdata.Configured{}, diags
	}
	header := http.Header{}
	switch {
	case apiKey.Value != "":
		header.Set("Authorization", "ApiKey "+apiKey.Value)
	case bearer.Value != "":
		header.Set("Authorization", "Bearer "+bearer.Value)
	case username.Value != "" || password.Value != "":
		if username.Value == "" || password.Value == "" {
			diags.AddAttributeError(root.AtName("username"), "Incomplete Elasticsearch credentials",
				"`username` and `password` (ELASTICSEARCH_USERNAME, ELASTICSEARCH_PASSWORD) go together; set both, or use `api_key` or `bearer_token`.")
			return providerdata.Configured{}, diags
		}
		header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(username.Value+":"+password.Value)))
	}
	tlsConfig, tlsUnknown, tlsDiags := tlsSettings.Config(ctx, block)
	if tlsUnknown {
		return providerdata.Configured{Unknown: true}, nil
	}
	diags.Append(tlsDiags...)
	if diags.HasError() {
		return providerdata.Configured{}, diags
	}
	masker := transport.NewMasker()
	masker.AddSecrets(apiKey.Value, password.Value, bearer.Value)
	fields := &secretFields{}
	var clients []*transport.Client
	for i, ep := range endpoints {
		pooled := cleanhttp.DefaultPooledTransport()
		if tlsConfig != nil {
			pooled.TLSClientConfig = tlsConfig
		}
		hc := &http.Client{Transport: sensitiveLearner{next: pooled, masker: masker, fields: fields}}
		c, err := transport.New(transport.Config{
			Platform:       "Elasticsearch",
			BaseURL:        ep,
			Header:         header,
			Masker:         masker,
			AttemptTimeout: common.AttemptTimeout,
			DecodeError:    decodeError,
			HTTPClient:     hc,
		})
		if err != nil {
			diags.AddAttributeError(root.AtName("endpoints").AtListIndex(i), "Invalid Elasticsearch endpoint", err.Error())
			return providerdata.Configured{}, diags
		}
		clients = append(clients, c)
	}
	client := NewClient(endpoints, clients)
	client.secretFields = fields
	return providerdata.Configured{Client: client}, diags
}

func endpointsSetting(block types.Object) (endpoints []string, unknown bool) {
	if block.IsUnknown() {
		return nil, true
	}
	if v, ok := providerdata.AttrValue(block, "endpoints").(types.List); ok && !v.IsNull() {
		if v.IsUnknown() {
			return nil, true
		}
		for _, e := range v.Elements() {
			s, _ := e.(types.String)
			if s.IsUnknown() {
				return nil, true
			}
			if strings.TrimSpace(s.ValueString()) != "" {
				endpoints = append(endpoints, strings.TrimSpace(s.ValueString()))
			}
		}
		return endpoints, false
	}
	for _, e := range strings.Split(os.Getenv(EnvEndpoints), ",") {
		if e = strings.TrimSpace(e); e != "" {
			endpoints = append(endpoints, e)
		}
	}
	return endpoints, false
}
