#!/usr/bin/env bash
# Drift detection for a configuration that uses the syncops provider: a refresh-only plan compares
# the state with what JIM, Polytomic, Elasticsearch and Haven OnDemand hold now, and syncops-drift
# reports each attribute changed outside Terraform, per platform. Run it on a schedule (see
# .github/workflows/drift.yml beside this script), with each platform's credentials in its
# environment variables (JIM_URL, JIM_API_KEY, ...), as for `terraform plan`.
#
#   drift.sh [DIR]     DIR is the configuration (default: the current directory)
#
# Exit codes: 0 no drift, 2 drift (the report is printed), 1 error.
#
# Environment:
#   TERRAFORM            the CLI to run (default: terraform; OpenTofu's tofu works too)
#   SYNCOPS_DRIFT        the syncops-drift command (default: syncops-drift on PATH)
#   DRIFT_OUT            keep the plan, its JSON and the logs in this directory (default: a
#                        temporary directory, removed at exit)
#   DRIFT_SKIP_INIT=1    do not run `init` (when the job has already run it, with its backend)
#   GITHUB_STEP_SUMMARY  set by GitHub Actions: the report is appended to it as markdown
#
# Why the report, not the plan's exit code, tells drift from no drift: `plan -refresh-only
# -detailed-exitcode` exits 2 on Terraform 1.10 and 1.11 when nothing drifted but the configuration
# has outputs (hashicorp/terraform issue 36403), and OpenTofu has exited 0 on drift in refresh-only
# mode (opentofu/opentofu issue 3107). Its exit code 1 (an error) is trusted.
set -uo pipefail

tf=${TERRAFORM:-terraform}
drift=${SYNCOPS_DRIFT:-syncops-drift}
dir=${1:-.}

command -v "$tf" >/dev/null || { echo "drift.sh: $tf not found (set TERRAFORM)" >&2; exit 1; }
command -v "$drift" >/dev/null || { echo "drift.sh: $drift not found (go install github.com/syncops/terraform-provider-syncops/cmd/syncops-drift@latest, or set SYNCOPS_DRIFT)" >&2; exit 1; }

if [ -n "${DRIFT_OUT:-}" ]; then
  mkdir -p "$DRIFT_OUT" || exit 1
  out=$(cd "$DRIFT_OUT" && pwd)
else
  out=$(mktemp -d) || exit 1
  trap 'rm -rf "$out"' EXIT
fi
cd "$dir" || exit 1

if [ "${DRIFT_SKIP_INIT:-}" != 1 ]; then
  if ! "$tf" init -input=false -no-color >"$out/init.log" 2>&1; then
    cat "$out/init.log" >&2
    echo "drift.sh: $tf init failed" >&2
    exit 1
  fi
fi

"$tf" plan -refresh-only -detailed-exitcode -json -input=false -out="$out/drift.tfplan" >"$out/plan.jsonl" 2>"$out/plan.stderr"
code=$?
if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
  # The stream holds the errors as diagnostics: syncops-drift prints them (exit code 1). Errors
  # from before the plan started (flags, backend) are on stderr only.
  report=$("$drift" "$out/plan.jsonl" 2>&1)
  [ $? -eq 1 ] && printf '%s\n' "$report" >&2
  cat "$out/plan.stderr" >&2
  echo "drift.sh: $tf plan failed (exit code $code)" >&2
  exit 1
fi

if ! "$tf" show -json "$out/drift.tfplan" >"$out/plan.json" 2>"$out/show.stderr"; then
  cat "$out/show.stderr" >&2
  echo "drift.sh: $tf show -json failed" >&2
  exit 1
fi

summary=()
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary=(-summary "$GITHUB_STEP_SUMMARY")
fi
"$drift" ${summary[@]+"${summary[@]}"} "$out/plan.json"
