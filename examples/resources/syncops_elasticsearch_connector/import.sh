# Import an existing connector by its connector id.
terraform import syncops_elasticsearch_connector.drive google-drive

# Or by name, when exactly one connector carries it (connector names are not unique).
terraform import syncops_elasticsearch_connector.drive "name:Google Drive"
