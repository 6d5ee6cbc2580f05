# A JIM connected system with its standard run profiles: one per run type the connector supports.

locals {
  # JIM's File connector has no delta import; the other built-in connectors have every run type.
  standard_run_types = var.connector == "JIM File Connector" ? ["FullImport", "FullSynchronisation", "DeltaSynchronisation", "Export"] : ["FullImport", "DeltaImport", "FullSynchronisation", "DeltaSynchronisation", "Export"]
  run_types          = var.run_types == null ? local.standard_run_types : var.run_types

  # The names JIM's UI gives run profiles.
  run_profile_names = {
    FullImport           = "Full Import"
    DeltaImport          = "Delta Import"
    FullSynchronisation  = "Full Synchronisation"
    DeltaSynchronisation = "Delta Synchronisation"
    Export               = "Export"
  }
}

resource "syncops_jim_connected_system" "this" {
  name                       = var.name
  description                = var.description
  connector                  = var.connector
  settings                   = var.settings
  secret_settings_wo         = length(var.secret_settings) > 0 ? var.secret_settings : null
  secret_settings_wo_version = var.secret_settings_version
  delete_change_history      = var.delete_change_history

  timeouts {
    delete = var.delete_timeout
  }

  lifecycle {
    precondition {
      condition     = length(var.secret_settings) == 0 || var.secret_settings_version != null
      error_message = "Set secret_settings_version with secret_settings: the provider sends the secrets again only when the version changes."
    }
  }
}

resource "syncops_jim_run_profile" "this" {
  for_each = toset(local.run_types)

  connected_system_id = syncops_jim_connected_system.this.id
  # Known at plan time (the system's id is not): a run type the connector cannot do fails the plan.
  connector           = syncops_jim_connected_system.this.connector
  name                = local.run_profile_names[each.key]
  run_type            = each.key
  page_size           = var.page_size
}
