package providerdata

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// TLSSettings describes the `ca_file` and `insecure` attributes of one platform block. Every
// platform declares one, so the four blocks read, validate and warn about TLS the same way.
type TLSSettings struct {
	// Block is the provider block name, e.g. "jim".
	Block string
	// Platform is the platform's display name, e.g. "JIM".
	Platform string
	// EnvCAFile and EnvInsecure are the environment fallbacks, e.g. "JIM_CA_FILE".
	EnvCAFile, EnvInsecure string
}

// Attributes returns the block's `ca_file` and `insecure` attributes, to add to its schema.
func (s TLSSettings) Attributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"ca_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path to a PEM file holding the certificate authority (one or more certificates) that signed the " +
				s.Platform + " server's certificate, for servers using a private CA. It is added to the system's trusted roots. " +
				"Falls back to the `" + s.EnvCAFile + "` environment variable.",
		},
		"insecure": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Skip TLS certificate verification of the " + s.Platform + " server. For tests only: anyone on the " +
				"network path can then read the credentials; prefer `ca_file`. Every run warns while it is set. Defaults to `false`. " +
				"Falls back to the `" + s.EnvInsecure + "` environment variable (`true` or `false`).",
		},
	}
}

// Config builds the TLS configuration from the block (null when absent) and the environment.
// It returns nil when neither `ca_file` nor `insecure` is set (the system roots apply), and
// unknown=true when a value is not known yet.
func (s TLSSettings) Config(ctx context.Context, block types.Object) (cfg *tls.Config, unknown bool, diags diag.Diagnostics) {
	insecurePath := path.Root(s.Block).AtName("insecure")
	caFile := StringSetting(block, "ca_file", s.EnvCAFile, "")
	insecure, insecureUnknown, err := s.insecureSetting(block)
	if caFile.Unknown || insecureUnknown {
		return nil, true, nil
	}
	if err != nil {
		diags.AddAttributeError(insecurePath, fmt.Sprintf("Invalid %s insecure setting", s.Platform),
			fmt.Sprintf("Unable to read the %s block's insecure setting: %v.", s.Block, err))
		return nil, false, diags
	}
	file := strings.TrimSpace(caFile.Value)
	if file == "" && !insecure {
		return nil, false, nil
	}
	cfg = &tls.Config{MinVersion: tls.VersionTLS12}
	if file != "" {
		pool, d := s.rootsWith(file)
		if d != nil {
			diags.Append(d)
			return nil, false, diags
		}
		cfg.RootCAs = pool
	}
	if insecure {
		cfg.InsecureSkipVerify = true
		tflog.Warn(ctx, s.Platform+": TLS certificate verification is disabled (insecure = true)", map[string]any{"platform": s.Platform})
		diags.AddAttributeWarning(insecurePath, fmt.Sprintf("%s TLS certificate verification is disabled", s.Platform),
			fmt.Sprintf("`insecure = true` in the %s block (or %s) accepts any certificate: anyone on the network path can read "+
				"the credentials and change the answers. Outside tests, set `ca_file` to the PEM file of the CA that signed the server's certificate instead.",
				s.Block, s.EnvInsecure))
	}
	return cfg, false, diags
}

// insecureSetting reads `insecure`, then its environment variable; a value that is not a boolean
// is an error rather than a silent false.
func (s TLSSettings) insecureSetting(block types.Object) (value, unknown bool, err error) {
	if block.IsUnknown() {
		return false, true, nil
	}
	if v, ok := AttrValue(block, "insecure").(types.Bool); ok && !v.IsNull() {
		if v.IsUnknown() {
			return false, true, nil
		}
		return v.ValueBool(), false, nil
	}
	env := strings.TrimSpace(os.Getenv(s.EnvInsecure))
	if env == "" {
		return false, false, nil
	}
	b, perr := strconv.ParseBool(env)
	if perr != nil {
		return false, false, fmt.Errorf("the %s environment variable is %q; set it to true or false", s.EnvInsecure, env)
	}
	return b, false, nil
}

// rootsWith returns the system roots plus the certificates of file, or an error diagnostic on
// `ca_file` naming the block, the environment variable and the file.
func (s TLSSettings) rootsWith(file string) (*x509.CertPool, diag.Diagnostic) {
	at := path.Root(s.Block).AtName("ca_file")
	pem, err := os.ReadFile(file) //nolint:gosec // reading the file the user named is the point
	if err != nil {
		return nil, diag.NewAttributeErrorDiagnostic(at, fmt.Sprintf("Unable to read the %s CA file", s.Platform),
			fmt.Sprintf("The %s block's ca_file (or %s) is %s, which cannot be read: %v. Set it to the path of a readable PEM file.",
				s.Block, s.EnvCAFile, file, unwrapPathError(err)))
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, diag.NewAttributeErrorDiagnostic(at, fmt.Sprintf("Invalid %s CA file", s.Platform),
			fmt.Sprintf("The %s block's ca_file (or %s) is %s, which holds no PEM certificate: it must contain one or more "+
				"\"-----BEGIN CERTIFICATE-----\" blocks, such as the certificate of the CA that signed the %s server's certificate.",
				s.Block, s.EnvCAFile, file, s.Platform))
	}
	return pool, nil
}

// unwrapPathError keeps the cause of an *os.PathError (the path is already in the message).
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
