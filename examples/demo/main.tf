# The demo configuration that `make demo` applies against the emulator. The provider reads its
# credentials from JIM_URL and JIM_API_KEY, which the demo script sets.
terraform {
  required_providers {
    syncops = {
      source = "syncops/syncops"
    }
  }
}

provider "syncops" {}

resource "syncops_jim_connected_system" "hr" {
  name        = "HR feed"
  description = "Authoritative HR export"
  connector   = "JIM File Connector"
  settings = {
    "File Path"   = "/tmp/syncops-demo/hr.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
  delete_change_history = false
  timeouts {
    delete = "5m"
  }
}

resource "syncops_jim_connected_system" "directory" {
  name      = "Corporate directory"
  connector = "JIM LDAP Connector"
  settings = {
    "Host"                = "ldap.example.com"
    "Username"            = "cn=jim,ou=service,dc=example,dc=com"
    "Authentication Type" = "Simple"
  }
  secret_settings_wo         = { "Password" = "demo-bind-password" }
  secret_settings_wo_version = 1
  max_export_parallelism     = 4
}

output "hr_system_id" {
  value = syncops_jim_connected_system.hr.id
}
