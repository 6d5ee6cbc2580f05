package acctest

import "os"

// init prepares the process for the CLI the tests drive, before any test starts:
//
//   - A CLI configuration file that is named but missing makes Terraform 1.15 and OpenTofu print a
//     warning before their version, which terraform-exec cannot parse: the CLI gets an empty one,
//     the null device, instead (a configuration that exists is left alone).
//   - OpenTofu resolves a provider without a host to registry.opentofu.org/hashicorp/<name>:
//     terraform-plugin-testing must attach the in-process provider under that address.
func init() {
	if p := os.Getenv("TF_CLI_CONFIG_FILE"); p != "" {
		if _, err := os.Stat(p); err != nil {
			_ = os.Setenv("TF_CLI_CONFIG_FILE", os.DevNull)
		}
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		return
	}
	if c, err := detectCLI(); err != nil || !c.OpenTofu {
		return
	}
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
	}
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
	}
}
