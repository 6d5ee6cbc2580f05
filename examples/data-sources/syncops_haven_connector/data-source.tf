data "syncops_haven_connector" "site" {
  name = "company-site"
}

output "site_status" {
  value = data.syncops_haven_connector.site.status
}

output "site_index" {
  value = jsondecode(data.syncops_haven_connector.site.destination).index
}
