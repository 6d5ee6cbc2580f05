# Or by identity (Terraform 1.12+, OpenTofu 1.12+): both ids are numbers.
import {
  to = syncops_jim_run_profile.delta
  identity = {
    connected_system_id = 12
    id                  = 7
  }
}
