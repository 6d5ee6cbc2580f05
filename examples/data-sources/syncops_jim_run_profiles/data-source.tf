data "syncops_jim_run_profiles" "hr" {
  connected_system_id = "12"
}

output "run_profile_names" {
  value = [for p in data.syncops_jim_run_profiles.hr.run_profiles : p.name]
}
