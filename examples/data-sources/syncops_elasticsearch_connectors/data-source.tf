data "syncops_elasticsearch_connectors" "jira" {
  service_types = ["jira"]
  query         = "support" # in the index name, name or description
}

output "jira_connector_ids" {
  value = data.syncops_elasticsearch_connectors.jira.connectors[*].id
}
