#!/usr/bin/env bash
# make demo: build the provider and the emulator, apply examples/demo (JIM, Polytomic,
# Elasticsearch and Haven OnDemand resources) against the emulator with a dev_overrides CLI
# configuration, show that a second plan is empty, destroy through a queued JIM
# deletion, and stop the emulator. Leaves nothing running.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.demo"
command -v terraform >/dev/null || { echo "terraform CLI not found on PATH" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/bin" "$work/tf"
echo "==> Building the provider and the emulator"
go build -o "$work/bin/terraform-provider-syncops" "$root"
go build -o "$work/bin/syncops-emulator" "$root/internal/emulator/cmd/syncops-emulator"

# Demo credentials, given to the emulator and to the provider (through its environment variables).
jim_key="jim_ak_$(printf 'de%.0s' $(seq 1 32))"
polytomic_key="polytomic-demo-api-key"
es_key=$(printf 'syncops-demo:demo-api-key' | base64)
haven_key="0d3e5a7c-1b2f-4c6d-8e9a-3f5b7d9e1a2c"

"$work/bin/syncops-emulator" -listen 127.0.0.1:0 -job-delay 3s \
  -jim-api-key "$jim_key" \
  -polytomic-api-key "$polytomic_key" \
  -elasticsearch-api-key "$es_key" \
  -haven-api-key "$haven_key" >"$work/emulator.log" 2>&1 &
emu_pid=$!
cleanup() {
  kill "$emu_pid" 2>/dev/null || true
  wait "$emu_pid" 2>/dev/null || true
}
trap cleanup EXIT

url=""
for _ in $(seq 1 200); do
  url=$(sed -n 's/^listening on //p' "$work/emulator.log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.05
done
[ -n "$url" ] || { echo "the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
echo "==> Emulator listening on $url"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/syncops/syncops" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export JIM_URL="$url" JIM_API_KEY="$jim_key"
export POLYTOMIC_DEPLOYMENT_URL="$url" POLYTOMIC_API_KEY="$polytomic_key"
export ELASTICSEARCH_ENDPOINTS="$url" ELASTICSEARCH_API_KEY="$es_key"
export HAVEN_URL="$url" HAVEN_API_KEY="$haven_key"
cp "$root"/examples/demo/*.tf "$work/tf/"
cd "$work/tf"

echo "==> terraform apply"
terraform apply -auto-approve -input=false

echo "==> A second plan must be empty"
set +e
terraform plan -detailed-exitcode -input=false >"$work/plan.txt" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ]; then
  cat "$work/plan.txt"
  echo "the second plan is not empty (exit code $code)" >&2
  exit 1
fi
echo "    No changes: the second plan is empty."

echo "==> Giving the HR system 2500 connector-space objects, so JIM queues its deletion"
hr_id=$(terraform output -raw hr_system_id)
curl -fsS -X POST -H 'Content-Type: application/json' -d '{"count": 2500}' \
  "$url/_emulator/jim/connected-systems/$hr_id/objects" >/dev/null

echo "==> terraform destroy (waits for the queued deletion)"
terraform destroy -auto-approve -input=false

echo "==> What the emulator still holds:"
curl -fsS "$url/_emulator/state"
echo
echo "==> Done: the emulator is stopped; nothing is left running."
