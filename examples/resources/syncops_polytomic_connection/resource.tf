variable "db_password" {
  type      = string
  sensitive = true
}

# A PostgreSQL connection. The password is write-only: it is sent to Polytomic but never stored
# in state. Increment sensitive_configuration_wo_version to send a new password.
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

  # Delete the syncs that use this connection when it is destroyed.
  # Apply this setting before running `terraform destroy`.
  force_destroy = true

  timeouts {
    create = "5m"
    delete = "5m"
  }
}

# A CSV URL connection has no secrets.
resource "syncops_polytomic_connection" "prices" {
  name          = "Price list"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/prices.csv" })
}
