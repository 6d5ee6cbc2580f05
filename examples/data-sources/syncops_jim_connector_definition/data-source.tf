data "syncops_jim_connector_definition" "file" {
  name = "JIM File Connector"
}

# Validate a module input against what the connector supports.
variable "run_type" {
  type    = string
  default = "FullImport"
}

output "run_type_supported" {
  value = contains(data.syncops_jim_connector_definition.file.supported_run_types, var.run_type)
}

output "mode_values" {
  value = one([for s in data.syncops_jim_connector_definition.file.settings : s.drop_down_values if s.name == "Mode"])
}
