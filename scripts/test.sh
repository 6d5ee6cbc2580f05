#!/usr/bin/env bash
# make test: every test on the terraform on PATH; and the tests that need a newer CLI (resource
# identity, list resources and query, actions) once more on Terraform 1.15 when it is found. Tests
# that need a newer CLI than the one running say so when they skip (go test -v shows it).
#
# The two passes run at the same time, after one build of every test binary: most acceptance tests
# wait on terraform processes and emulated jobs, not on the CPU, so overlapping them is what keeps
# make test short on two cores. Packages are in test_packages order (clis.sh): longest waiter first.
set -euo pipefail
source "$(dirname "$0")/clis.sh"
cd "$root"
[ -n "$TERRAFORM_PATH_CLI" ] || { echo "terraform CLI not found on PATH; the tests never download one" >&2; exit 1; }

tmp=$(mktemp -d)
newer_pid=
# The newer pass shares the terminal's process group, so Ctrl-C reaches it as it reaches the first;
# when this script ends otherwise (killed), the pass and everything it started are ended too.
kill_tree() {
  local child
  for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
cleanup() {
  if [ -n "$newer_pid" ]; then kill_tree "$newer_pid"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One build of every test binary, shared by both passes through the build cache (two go test
# commands building at once would compile the same packages twice).
if ! go test -count=1 -run '^$' ./... >"$tmp/build.log" 2>&1; then
  cat "$tmp/build.log" >&2
  exit 1
fi

newer=
if ! "$TERRAFORM_PATH_CLI" version | head -n1 | grep -Eq '^Terraform v1\.(1[4-9]|[2-9][0-9])'; then
  pkgs=$(grep -rl --include='*_test.go' 'acctest.PreCheckFeature' internal | xargs -r -n1 dirname | sort -u | sed 's|^|./|')
  if [ -n "${SYNCOPS_SKIP_NEWER_PASS:-}" ]; then
    echo "NOTE: SYNCOPS_SKIP_NEWER_PASS is set: the tests that need a newer CLI run in make test-matrix instead."
  elif [ -z "${TERRAFORM_1_15:-}" ]; then
    echo "NOTE: no Terraform 1.14 or later found (../shared/tools/newer-clis, or TERRAFORM_1_15): the tests of"
    echo "      resource identity, list resources and actions are skipped below, each saying so (go test -v)."
  elif [ -n "$pkgs" ]; then
    newer=$("$TERRAFORM_1_15" version | head -n1)
    # shellcheck disable=SC2086 # one word per package
    env SYNCOPS_NEWER_CLI_PASS=1 TF_ACC_TERRAFORM_PATH="$TERRAFORM_1_15" \
      go test $pkgs -count=1 -timeout 40m -parallel "$PARALLEL" >"$tmp/newer.log" 2>&1 &
    newer_pid=$!
  fi
fi

echo "==> All tests on $("$TERRAFORM_PATH_CLI" version | head -n1) ($TERRAFORM_PATH_CLI)"
status=0
# shellcheck disable=SC2046 # one word per package
TF_ACC_TERRAFORM_PATH=$TERRAFORM_PATH_CLI go test $(test_packages) -count=1 -timeout 40m -parallel "$PARALLEL" || status=1

if [ -n "$newer_pid" ]; then
  rc=0
  wait "$newer_pid" || rc=$?
  newer_pid=
  echo "==> Tests that need a newer CLI, on $newer ($TERRAFORM_1_15), run alongside"
  cat "$tmp/newer.log"
  [ "$rc" = 0 ] || status=1
fi
exit $status
