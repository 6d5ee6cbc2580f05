import {
  to = syncops_elasticsearch_connector.drive
  id = "google-drive"
}
