data "syncops_polytomic_connection_type" "postgresql" {
  id = "postgresql"
}

# Which fields go in sensitive_configuration_wo, and which are required.
output "postgresql_secret_fields" {
  value = [for f in data.syncops_polytomic_connection_type.postgresql.fields : f.name if f.sensitive]
}

output "postgresql_required_fields" {
  value = [for f in data.syncops_polytomic_connection_type.postgresql.fields : f.name if f.required]
}
