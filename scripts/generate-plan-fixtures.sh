#!/usr/bin/env bash
# Regenerates the Terraform plan JSON fixtures of the IaC gate (test/fixtures/iac/terraform/*.plan.json and the two
# in test/fixtures/iac/mixed-repo) from real .tf files, with real Terraform and the hashicorp/aws provider, against
# moto on loopback: no AWS account, no network (the provider comes from the local plugin folder).
#
#   scripts/generate-plan-fixtures.sh [SCENARIO…]        (default: every folder of test/fixtures/iac/terraform-src)
#
# Each scenario is a folder of test/fixtures/iac/terraform-src/<name>/:
#   setup/   optional: applied first with a state of its own (what exists in the account but is not this code's)
#   before/  optional: applied first in the scenario's state (what the code looked like before the change)
#   after/   the code under review: `terraform plan -out=tfplan`, then `terraform show -json tfplan`
# The account is moto's MOTO_ACCOUNT_ID (111122223333, GovCloud 222233334444), so the plans state the account ids the
# tests expect. Outputs are pretty-printed (as `terraform show -json tfplan | jq .` would), except the GovCloud plan,
# kept on one line as terraform writes it; legacy-support is saved as UTF-16 LE with a byte-order mark, as Windows
# PowerShell 5's `>` writes it.
#
# The delete scenario's applied state is also saved as test/fixtures/iac/hostile/state-show.json (`terraform show -json`)
# and terraform.tfstate.json (the raw state file): what users pass to the gate instead of a plan.
#
# Not generated (Terraform 1.11 cannot write these shapes; they stay hand-written, see their tests):
#   create-support-role--terraform-1.0.plan.json  plan JSON format 0.2 (Terraform 0.15 to 1.0.x)
#   delete-support-role--terraform-0.13.plan.json plan JSON format 0.1 (Terraform 0.12 to 0.14)
#   hostile/plan-format-2.json                    a plan JSON format no Terraform writes yet (2.0)
# Values that differ on every run (timestamp, unique_id, create_date, attachment ids) are left as Terraform wrote them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SRC=$ROOT/test/fixtures/iac/terraform-src
OUT=$ROOT/test/fixtures/iac/terraform

command -v terraform >/dev/null || { echo "FATAL: terraform is not on PATH" >&2; exit 1; }
python3 -c 'import moto' 2>/dev/null || { echo "FATAL: python3 module moto is missing" >&2; exit 1; }
PLUGIN_DIR=${SUPPORTGUARD_TF_PLUGIN_DIR:-}
if [ -z "$PLUGIN_DIR" ]; then
  provider=$(find / -name 'terraform-provider-aws_*' -not -path '/proc/*' 2>/dev/null | grep /registry.terraform.io/hashicorp/aws/ | head -1 || true)
  PLUGIN_DIR=${provider%%/registry.terraform.io/*}
fi
[ -n "$PLUGIN_DIR" ] && [ -d "$PLUGIN_DIR/registry.terraform.io/hashicorp/aws" ] || {
  echo "FATAL: no hashicorp/aws provider plugin folder (set SUPPORTGUARD_TF_PLUGIN_DIR to the folder holding registry.terraform.io)" >&2
  exit 1
}

WORK=$(mktemp -d)
MOTO_PID=
cleanup() {
  [ -n "$MOTO_PID" ] && kill "$MOTO_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Terraform sees nothing of this machine's configuration and talks to moto only.
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_PLUGIN_CACHE_DIR AWS_PROFILE AWS_SESSION_TOKEN
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

# A fresh moto for each scenario, in the scenario's account.
start_moto() {
  [ -n "$MOTO_PID" ] && { kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; }
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  MOTO_ACCOUNT_ID=$1 MOTO_IAM_LOAD_MANAGED_POLICIES=true python3 -m moto.server -H 127.0.0.1 -p "$port" >"$WORK/moto.log" 2>&1 &
  MOTO_PID=$!
  export AWS_ENDPOINT_URL=http://127.0.0.1:$port
  for _ in $(seq 1 200); do
    curl -sf -o /dev/null "$AWS_ENDPOINT_URL/moto-api/" && return 0
    sleep 0.2
  done
  echo "FATAL: moto did not start: $(cat "$WORK/moto.log")" >&2
  exit 1
}

tf() { terraform "-chdir=$1" "${@:2}" -no-color; }
pretty() { node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(0, "utf8")), null, 2) + "\n")'; }
init() { tf "$1" init -input=false "-plugin-dir=$PLUGIN_DIR" >/dev/null; }

# Replaces the .tf files (and modules) of $1 by those of $2, keeping .terraform and the state.
load() {
  find "$1" -mindepth 1 -maxdepth 1 ! -name '.terraform' ! -name '.terraform.lock.hcl' ! -name 'terraform.tfstate*' -exec rm -rf {} +
  cp -R "$2/." "$1/"
}

generate() {
  local name=$1 account=111122223333 dir=$WORK/$1
  case $name in govcloud-*) account=222233334444 ;; esac
  [ -d "$SRC/$name/after" ] || { echo "FATAL: $SRC/$name/after is missing" >&2; exit 1; }
  echo "== $name (account $account)"
  start_moto "$account"
  if [ -d "$SRC/$name/setup" ]; then
    mkdir -p "$dir.setup" && load "$dir.setup" "$SRC/$name/setup" && init "$dir.setup"
    tf "$dir.setup" apply -auto-approve -input=false >/dev/null
  fi
  mkdir -p "$dir"
  if [ -d "$SRC/$name/before" ]; then
    load "$dir" "$SRC/$name/before" && init "$dir"
    tf "$dir" apply -auto-approve -input=false >/dev/null
    if [ "$name" = delete-support-role ]; then
      # A state given to the gate instead of a plan (hostile inputs): `terraform show -json` of it, and the raw file.
      tf "$dir" show -json | pretty >"$ROOT/test/fixtures/iac/hostile/state-show.json"
      pretty <"$dir/terraform.tfstate" >"$ROOT/test/fixtures/iac/hostile/terraform.tfstate.json"
    fi
  fi
  load "$dir" "$SRC/$name/after" && init "$dir"
  tf "$dir" plan -input=false -out=tfplan >/dev/null
  tf "$dir" show -json tfplan >"$dir/plan.json"
  case $name in
    govcloud-*) cp "$dir/plan.json" "$OUT/$name.plan.json" ;;
    legacy-support)
      # Windows PowerShell 5: `terraform show -json tfplan > legacy-support.plan.json` writes UTF-16 LE with a BOM.
      node -e 'const fs=require("fs"); const t=JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1],"utf8")),null,2)+"\r\n"; fs.writeFileSync(process.argv[2], Buffer.concat([Buffer.from([0xff,0xfe]), Buffer.from(t.replace(/\r?\n/g,"\r\n"),"utf16le")]))' \
        "$dir/plan.json" "$ROOT/test/fixtures/iac/mixed-repo/windows/legacy-support.plan.json"
      ;;
    *) pretty <"$dir/plan.json" >"$OUT/$name.plan.json" ;;
  esac
  # The mixed repository holds the same plan as the create scenario.
  [ "$name" = create-support-role ] && cp "$OUT/$name.plan.json" "$ROOT/test/fixtures/iac/mixed-repo/create-support-role.plan.json"
  return 0
}

if [ $# -gt 0 ]; then scenarios=("$@"); else mapfile -t scenarios < <(ls "$SRC"); fi
for s in "${scenarios[@]}"; do generate "$s"; done
echo "terraform $(terraform version -json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0,"utf8")).terraform_version)'), provider from $PLUGIN_DIR"
