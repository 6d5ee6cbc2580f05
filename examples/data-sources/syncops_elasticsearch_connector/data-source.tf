data "syncops_elasticsearch_connector" "drive" {
  connector_id = "google-drive"
}

output "drive_status" {
  value = data.syncops_elasticsearch_connector.drive.status
}
