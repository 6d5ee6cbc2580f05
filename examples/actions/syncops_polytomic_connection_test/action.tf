variable "db_password" {
  type      = string
  sensitive = true
}

# After a secret rotation (a new sensitive_configuration_wo_version), the connection is updated,
# then tested with what Polytomic saved (Terraform 1.14+). On demand:
#   terraform apply -invoke=action.syncops_polytomic_connection_test.warehouse
resource "syncops_polytomic_connection" "warehouse" {
  name = "Warehouse"
  type = "postgresql"
  configuration = jsonencode({
    hostname = "db.internal"
    port     = 5432
    username = "sync"
    database = "dw"
  })
  sensitive_configuration_wo         = jsonencode({ password = var.db_password })
  sensitive_configuration_wo_version = 1

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.syncops_polytomic_connection_test.warehouse]
    }
  }
}

action "syncops_polytomic_connection_test" "warehouse" {
  config {
    connection_id = syncops_polytomic_connection.warehouse.id
    type          = syncops_polytomic_connection.warehouse.type
  }
}

# Try a new password against the saved connection before saving it (nothing is saved):
#   terraform apply -invoke=action.syncops_polytomic_connection_test.new_password -var=new_db_password=...
variable "new_db_password" {
  type      = string
  sensitive = true
  default   = null
}

action "syncops_polytomic_connection_test" "new_password" {
  config {
    connection_id           = syncops_polytomic_connection.warehouse.id
    type                    = "postgresql"
    sensitive_configuration = jsonencode({ password = var.new_db_password })
  }
}
