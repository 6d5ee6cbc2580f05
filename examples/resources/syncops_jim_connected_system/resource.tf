resource "syncops_jim_connected_system" "hr" {
  name        = "HR feed"
  description = "Authoritative HR export"
  connector   = "JIM File Connector"
  settings = {
    "File Path"   = "/data/hr.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
  delete_change_history = false
  timeouts {
    delete = "30m"
  }
}

# An LDAP system: the bind password is write-only and never stored in state.
resource "syncops_jim_connected_system" "directory" {
  name      = "Corporate directory"
  connector = "JIM LDAP Connector"
  settings = {
    "Host"                           = "ldap.example.com"
    "Port"                           = "636"
    "Use Secure Connection (LDAPS)?" = "true"
    "Username"                       = "cn=jim,ou=service,dc=example,dc=com"
    "Authentication Type"            = "Simple"
  }
  secret_settings_wo         = { "Password" = var.ldap_bind_password }
  secret_settings_wo_version = 1 # change to send a rotated password
  max_export_parallelism     = 4
}

variable "ldap_bind_password" {
  type      = string
  sensitive = true
}
