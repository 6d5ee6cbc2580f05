# Or with an import block (Terraform 1.5+).
import {
  to = syncops_jim_connected_system.hr
  id = "12"
}
