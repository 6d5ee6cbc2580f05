# Terraform 1.14+: `terraform query` lists the account's connectors;
# `terraform query -generate-config-out=generated.tf` writes an import block and a resource block
# for each. Write-only credentials are never listed: Terraform writes `credentials_wo = null`, and
# you set `credentials_wo = var.<name>` and `credentials_wo_version` yourself.
list "syncops_haven_connector" "web" {
  provider = syncops
  limit    = 1000 # Terraform lists 100 results unless told otherwise

  config {
    flavor = "web_cloud" # optional, exact match; every flavor when omitted
  }
}
