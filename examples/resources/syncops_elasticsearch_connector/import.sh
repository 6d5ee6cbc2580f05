# Import an existing connector by its connector id.
terraform import syncops_elasticsearch_connector.drive google-drive
