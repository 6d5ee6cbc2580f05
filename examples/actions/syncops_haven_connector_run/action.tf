# Crawl the site once it is created or its configuration changes (Terraform 1.14+), and on demand:
#   terraform apply -invoke=action.syncops_haven_connector_run.site
resource "syncops_haven_connector" "site" {
  name        = "company-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com", max_pages = 500 })
  destination = jsonencode({ action = "addtotextindex", index = "site" })

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.syncops_haven_connector_run.site]
    }
  }
}

action "syncops_haven_connector_run" "site" {
  config {
    name = syncops_haven_connector.site.name

    # A full re-crawl, ignoring what earlier runs saw.
    ignore_previous_state = true

    # At the deadline, stop the crawl instead of leaving it running.
    stop_on_timeout = true

    timeouts {
      invoke = "1h"
    }
  }
}
