#!/usr/bin/env bash
# Sourced by the test scripts: finds the CLIs the tests can use, never downloading one.
#   TERRAFORM_PATH_CLI  the terraform on PATH (required)
#   TERRAFORM_1_15      Terraform 1.15, and TOFU_1_12 OpenTofu 1.12, when the newer-clis tool is
#                       found: $SYNCOPS_NEWER_CLIS, or ../shared/tools/newer-clis beside the checkout,
#                       or already exported by the caller.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TERRAFORM_PATH_CLI=$(command -v terraform || true)
if [ -z "${TERRAFORM_1_15:-}" ] || [ -z "${TOFU_1_12:-}" ]; then
  tool=${SYNCOPS_NEWER_CLIS:-$root/../shared/tools/newer-clis}
  if [ -x "$tool" ]; then
    eval "$("$tool" --env)"
  fi
fi
# A CLI configuration file that is named but missing makes newer CLIs warn on every command.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then
  export TF_CLI_CONFIG_FILE=/dev/null
fi
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_ACC=1
PARALLEL=${PARALLEL:-6}

# The packages to test, longest waiter first: the reliability package's paced rate-limit test waits
# more than a minute, and started last (go test's order) it would run alone at the end.
test_packages() {
  echo ./internal/reliability
  go list ./... | grep -v '/internal/reliability$'
}
