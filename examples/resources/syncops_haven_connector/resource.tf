# A cloud web crawler feeding the "site" text index once a day.
resource "syncops_haven_connector" "site" {
  name        = "company-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com", max_pages = 500 })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
  description = "Public site crawl"

  # Stop a running crawl before deleting (the default); apply a change here before destroy.
  stop_before_delete = true

  timeouts {
    delete = "15m"
  }
}

# A crawler of a site behind a login. The credentials are write-only: they never reach the
# state; bump credentials_wo_version to send new ones.
variable "intranet_password" {
  type      = string
  sensitive = true
}

resource "syncops_haven_connector" "intranet" {
  name                   = "intranet"
  flavor                 = "web_cloud"
  config                 = jsonencode({ url = "https://intranet.example.com" })
  destination            = jsonencode({ action = "addtotextindex", index = "intranet" })
  credentials_policy     = jsonencode({ notification_email = "ops@example.com" })
  credentials_wo         = jsonencode({ login_value = "crawler", password_value = var.intranet_password })
  credentials_wo_version = 1
}

# An onsite filesystem connector: the customer runs the installer from download_link; it needs a
# schedule of at least six hours.
resource "syncops_haven_connector" "files" {
  name        = "shared-drive"
  flavor      = "filesystem_onsite"
  config      = jsonencode({ directory_paths = ["/srv/shared"], service_port = 8002 })
  destination = jsonencode({ action = "addtotextindex", index = "shared" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 21600 } })
}

output "installer_linux" {
  value = syncops_haven_connector.files.download_link["linux_x86_64"]
}
