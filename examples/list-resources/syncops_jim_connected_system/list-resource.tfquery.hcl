# terraform query -generate-config-out=generated.tf (Terraform 1.14+) writes an import block
# (by identity) and a resource block for every system found.
list "syncops_jim_connected_system" "ldap" {
  provider         = syncops
  include_resource = true # whole objects, for -generate-config-out
  limit            = 1000 # Terraform's default is 100

  config {
    connector = "JIM LDAP Connector" # optional, exact
    # name    = "Corporate directory" # optional, exact
  }
}
