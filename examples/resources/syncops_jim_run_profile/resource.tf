resource "syncops_jim_connected_system" "hr" {
  name      = "HR feed"
  connector = "JIM SQL Connector"
}

resource "syncops_jim_run_profile" "delta" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Delta Import"
  run_type            = "DeltaImport"
  page_size           = 500
}

resource "syncops_jim_run_profile" "full" {
  connected_system_id          = syncops_jim_connected_system.hr.id
  name                         = "Full Import"
  run_type                     = "FullImport"
  verify_import_content_hashes = true
}
