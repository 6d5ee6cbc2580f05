# Terraform 1.12+ (and OpenTofu 1.12): import by resource identity, the connector name.
import {
  to = syncops_haven_connector.site
  identity = {
    name = "company-site"
  }
}
