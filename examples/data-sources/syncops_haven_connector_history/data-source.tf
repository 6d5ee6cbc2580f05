data "syncops_haven_connector_history" "site" {
  name        = "company-site"
  max_results = 5
}

output "last_run" {
  value = try(data.syncops_haven_connector_history.site.runs[0], null)
}

output "documents_added_last_run" {
  value = try(data.syncops_haven_connector_history.site.runs[0].document_counts["added"], 0)
}
