# terraform query (Terraform 1.14+) lists connectors made outside Terraform; with
# -generate-config-out=generated.tf it also writes an import block and a resource block for each.
list "syncops_elasticsearch_connector" "drive" {
  provider         = syncops
  include_resource = true # the connector's settings, to generate its configuration
  limit            = 1000 # Terraform lists 100 results per list block by default

  config {
    service_type = "google_drive" # optional, exact match
    # index_name = "search-google-drive" # optional, exact match
  }
}
