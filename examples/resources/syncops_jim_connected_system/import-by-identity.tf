# Or by identity (Terraform 1.12+, OpenTofu 1.12+): the id is a number.
import {
  to       = syncops_jim_connected_system.hr
  identity = { id = 12 }
}
