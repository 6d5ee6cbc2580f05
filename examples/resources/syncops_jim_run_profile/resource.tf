resource "syncops_jim_connected_system" "hr" {
  name      = "HR feed"
  connector = "JIM SQL Connector"
}

resource "syncops_jim_run_profile" "delta" {
  connected_system_id = syncops_jim_connected_system.hr.id
  # Known at plan time even while the system is still to be created (its id is not): the run type
  # is checked against this connector in the plan, not halfway through the apply.
  connector = syncops_jim_connected_system.hr.connector
  name      = "Delta Import"
  run_type  = "DeltaImport"
  page_size = 500
}

resource "syncops_jim_run_profile" "full" {
  connected_system_id          = syncops_jim_connected_system.hr.id
  connector                    = syncops_jim_connected_system.hr.connector
  name                         = "Full Import"
  run_type                     = "FullImport"
  verify_import_content_hashes = true
}
