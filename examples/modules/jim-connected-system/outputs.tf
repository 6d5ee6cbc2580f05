output "id" {
  description = "Id of the connected system."
  value       = syncops_jim_connected_system.this.id
}

output "name" {
  description = "Name of the connected system."
  value       = syncops_jim_connected_system.this.name
}

output "connector_id" {
  description = "Id of the connector definition the connector name resolved to."
  value       = syncops_jim_connected_system.this.connector_id
}

output "run_profile_ids" {
  description = "Ids of the run profiles, by run type (e.g. `FullImport`)."
  value       = { for type, rp in syncops_jim_run_profile.this : type => rp.id }
}

output "run_profile_names" {
  description = "Names of the run profiles, by run type."
  value       = { for type, rp in syncops_jim_run_profile.this : type => rp.name }
}
