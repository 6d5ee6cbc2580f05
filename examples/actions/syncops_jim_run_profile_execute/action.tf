# Run the export after the run profile is created or changed (Terraform 1.14+), and on demand:
#   terraform apply -invoke=action.syncops_jim_run_profile_execute.export
resource "syncops_jim_connected_system" "hr" {
  name      = "HR export"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/data/hr-export.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
}

resource "syncops_jim_run_profile" "export" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Export"
  run_type            = "Export"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.syncops_jim_run_profile_execute.export]
    }
  }
}

action "syncops_jim_run_profile_execute" "export" {
  config {
    connected_system_id = syncops_jim_run_profile.export.connected_system_id
    run_profile_id      = syncops_jim_run_profile.export.id

    # Wait for the run's activity (the default); a failed run fails the apply with JIM's message.
    wait = true

    timeouts {
      invoke = "2h"
    }
  }
}
