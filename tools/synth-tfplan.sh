#!/bin/sh
# Regenerate the Terraform plans of the service fixtures from the configurations in
# test/terraform (offline: fake credentials, nothing applied, no AWS call):
#   test/terraform/        -> spec/fixtures/terraform/services-plan.json  (a valid deployment)
#   test/terraform/rules/  -> spec/fixtures/tfplan/services-rules.json    (each rule's valid and
#                                                                          invalid services)
# Needs the terraform CLI and the hashicorp/aws provider 5.100.0 in a provider mirror
# (filesystem_mirror layout: registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/...),
# at $TF_PROVIDER_MIRROR (default /opt/tf-plugins).
# Usage: tools/synth-tfplan.sh   (from anywhere)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mirror=${TF_PROVIDER_MIRROR:-/opt/tf-plugins}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cat > "$tmp/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

# plan CONFIG_DIR OUT_JSON: a copy of the configuration planned in $tmp, shown as JSON
plan() {
  work="$tmp/$(basename "$2" .json)"
  mkdir -p "$work"
  cp -R "$1"/. "$work"
  rm -rf "$work/rules"   # the rule configuration is planned on its own
  (cd "$work" && terraform init -input=false -no-color >/dev/null &&
    terraform plan -input=false -no-color -lock=false -out=plan.out >/dev/null &&
    terraform show -json plan.out) > "$tmp/out.json"
  mv "$tmp/out.json" "$2"
  echo "planned $1 into $2"
}

plan "$top/test/terraform" "$top/spec/fixtures/terraform/services-plan.json"
plan "$top/test/terraform/rules" "$top/spec/fixtures/tfplan/services-rules.json"
