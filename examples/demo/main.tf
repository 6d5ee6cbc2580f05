# The demo configuration that `make demo` applies against the emulator: one or two resources on
# each platform. The provider block is empty: every platform reads its URL and credentials from
# its environment variables, which the demo script sets (JIM_URL and JIM_API_KEY;
# POLYTOMIC_DEPLOYMENT_URL and POLYTOMIC_API_KEY; ELASTICSEARCH_ENDPOINTS and
# ELASTICSEARCH_API_KEY; HAVEN_URL and HAVEN_API_KEY).
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

resource "syncops_polytomic_connection" "prices" {
  name          = "Price list"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/prices.csv" })
}

resource "syncops_elasticsearch_connector" "drive" {
  connector_id = "company-drive"
  name         = "Company drive"
  index_name   = "search-company-drive"
  service_type = "google_drive"
  scheduling = {
    full = { enabled = true, interval = "0 0 0 * * ?" } # daily at midnight
  }
  # Destroy deletes its sync jobs too. Elasticsearch 9 keeps the connector soft-deleted
  # (hard_delete = true would remove it for good).
  delete_sync_jobs = true
}

resource "syncops_haven_connector" "site" {
  name        = "company-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com", max_pages = 500 })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
}

output "hr_system_id" {
  value = syncops_jim_connected_system.hr.id
}
