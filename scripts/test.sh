#!/usr/bin/env bash
# make test: every test on the terraform on PATH; then the tests that need a newer CLI (resource
# identity, list resources and query, actions) once more on Terraform 1.15 when it is found. Tests
# that need a newer CLI than the one running say so when they skip (go test -v shows it).
set -euo pipefail
source "$(dirname "$0")/clis.sh"
cd "$root"
[ -n "$TERRAFORM_PATH_CLI" ] || { echo "terraform CLI not found on PATH; the tests never download one" >&2; exit 1; }

echo "==> All tests on $("$TERRAFORM_PATH_CLI" version | head -n1) ($TERRAFORM_PATH_CLI)"
TF_ACC_TERRAFORM_PATH=$TERRAFORM_PATH_CLI go test ./... -count=1 -timeout 40m -parallel "$PARALLEL"

if "$TERRAFORM_PATH_CLI" version | head -n1 | grep -Eq '^Terraform v1\.(1[4-9]|[2-9][0-9])'; then
  exit 0 # the terraform on PATH already ran every test
fi
pkgs=$(grep -rl --include='*_test.go' 'acctest.PreCheckFeature' internal | xargs -r -n1 dirname | sort -u | sed 's|^|./|')
[ -n "$pkgs" ] || exit 0
if [ -n "${SYNCOPS_SKIP_NEWER_PASS:-}" ]; then
  echo "NOTE: SYNCOPS_SKIP_NEWER_PASS is set: the tests that need a newer CLI run in make test-matrix instead."
  exit 0
fi
if [ -z "${TERRAFORM_1_15:-}" ]; then
  echo "NOTE: no Terraform 1.14 or later found (../shared/tools/newer-clis, or TERRAFORM_1_15): the tests of"
  echo "      resource identity, list resources and actions were skipped above, each saying so (go test -v)."
  exit 0
fi
echo "==> Tests that need a newer CLI, on $("$TERRAFORM_1_15" version | head -n1) ($TERRAFORM_1_15)"
# shellcheck disable=SC2086 # one word per package
SYNCOPS_NEWER_CLI_PASS=1 TF_ACC_TERRAFORM_PATH=$TERRAFORM_1_15 go test $pkgs -count=1 -timeout 40m -parallel "$PARALLEL"
