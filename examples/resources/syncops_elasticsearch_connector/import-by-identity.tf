# Terraform 1.12 and later: import by the resource identity.
import {
  to       = syncops_elasticsearch_connector.drive
  identity = { id = "google-drive" }
}
