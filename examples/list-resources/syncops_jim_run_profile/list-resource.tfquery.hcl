# The run profiles of one connected system (one request)...
list "syncops_jim_run_profile" "hr" {
  provider = syncops
  config {
    connected_system_id = "12"
  }
}

# ... or of every connected system (one request per system), for -generate-config-out.
list "syncops_jim_run_profile" "all" {
  provider         = syncops
  include_resource = true
  limit            = 1000
}
