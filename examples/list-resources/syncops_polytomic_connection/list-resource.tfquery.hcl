# Every connection the credentials see (terraform query, Terraform 1.14+). With
# `terraform query -generate-config-out=generated.tf`, Terraform writes an import block (by identity)
# and a resource block for each one.
list "syncops_polytomic_connection" "all" {
  provider         = syncops
  include_resource = true
  limit            = 1000 # Terraform stops at 100 results per list block unless told otherwise
}

# Only the PostgreSQL connections named "Warehouse" (both filters are exact, case-sensitive matches).
list "syncops_polytomic_connection" "warehouse" {
  provider = syncops
  config {
    type = "postgresql"
    name = "Warehouse"
  }
}
