# Import a run profile by <connected_system_id>/<run_profile_id>.
terraform import syncops_jim_run_profile.delta 12/7
