#!/usr/bin/env bash
# make test-matrix: the whole suite on every CLI found: the terraform on PATH, and Terraform 1.15 and
# OpenTofu 1.12 from the newer-clis tool. MATRIX_SKIP_PATH=1 leaves out the terraform on PATH
# (.ci/run has just run it through make test). Fails when any CLI fails; prints a summary.
set -uo pipefail
source "$(dirname "$0")/clis.sh"
cd "$root"
clis=()
[ "${MATRIX_SKIP_PATH:-}" = 1 ] || [ -z "$TERRAFORM_PATH_CLI" ] || clis+=("$TERRAFORM_PATH_CLI")
[ -z "${TERRAFORM_1_15:-}" ] || clis+=("$TERRAFORM_1_15")
[ -z "${TOFU_1_12:-}" ] || clis+=("$TOFU_1_12")
if [ ${#clis[@]} -eq 0 ]; then
  echo "NOTE: no CLI left for the matrix: Terraform 1.15 and OpenTofu 1.12 were not found (../shared/tools/newer-clis)." >&2
  [ "${MATRIX_SKIP_PATH:-}" = 1 ] && exit 0
  exit 1
fi
summary=()
status=0
for cli in "${clis[@]}"; do
  name=$("$cli" version | head -n1)
  echo "==> All tests on $name ($cli)"
  start=$(date +%s)
  # shellcheck disable=SC2046 # one word per package
  if TF_ACC_TERRAFORM_PATH=$cli go test $(test_packages) -count=1 -timeout 40m -parallel "$PARALLEL"; then
    summary+=("PASS  $name  $(( $(date +%s) - start ))s")
  else
    summary+=("FAIL  $name  $(( $(date +%s) - start ))s")
    status=1
  fi
done
echo "==> Matrix"
printf '  %s\n' "${summary[@]}"
[ -n "${TERRAFORM_1_15:-}" ] || echo "  (Terraform 1.15 not found: ../shared/tools/newer-clis)"
[ -n "${TOFU_1_12:-}" ] || echo "  (OpenTofu 1.12 not found: ../shared/tools/newer-clis)"
exit $status
