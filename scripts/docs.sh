#!/usr/bin/env bash
# make docs: tfplugindocs reads the provider's schema through the terraform on PATH, and only
# Terraform 1.14 or later returns the actions' schemas (docs/actions/). Terraform 1.15 is put first
# on PATH when found (../shared/tools/newer-clis, or TERRAFORM_1_15); without a CLI that new the
# pages of the actions would be dropped, so the script stops instead (with --check, used by make
# docs-check, it says so and checks nothing).
set -euo pipefail
source "$(dirname "$0")/clis.sh"
cd "$root"
if [ -n "${TERRAFORM_1_15:-}" ]; then
  bin=$(mktemp -d)
  trap 'rm -rf "$bin"' EXIT
  ln -s "$TERRAFORM_1_15" "$bin/terraform"
  export PATH="$bin:$PATH"
elif ! terraform version 2>/dev/null | head -n1 | grep -Eq '^Terraform v1\.(1[4-9]|[2-9][0-9])'; then
  if [ "${1:-}" = --check ]; then
    echo "NOTE: docs/ not checked: it is generated with Terraform 1.14 or later (actions, list resources, identity), and none was found (../shared/tools/newer-clis, or TERRAFORM_1_15)." >&2
    exit 0
  fi
  echo "make docs needs Terraform 1.14 or later for the pages of the actions and list resources; none found (../shared/tools/newer-clis, or TERRAFORM_1_15)" >&2
  exit 1
fi
go tool tfplugindocs generate --provider-name syncops --rendered-provider-name syncops
if [ "${1:-}" = --check ]; then
  git diff --exit-code -- docs || { echo "docs/ is stale: run 'make docs' and commit the result" >&2; exit 1; }
  test -z "$(git ls-files --others --exclude-standard docs)" || { echo "docs/ has new files: run 'make docs' and commit them" >&2; exit 1; }
fi
