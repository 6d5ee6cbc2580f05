# Run a full sync once the connector is created, and again whenever it changes (Terraform 1.14+);
# or on demand:
#   terraform apply -invoke=action.syncops_elasticsearch_connector_sync.full
resource "syncops_elasticsearch_connector" "orders" {
  connector_id = "orders-db"
  name         = "Orders database"
  index_name   = "search-orders"
  service_type = "mysql"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.syncops_elasticsearch_connector_sync.full]
    }
  }
}

action "syncops_elasticsearch_connector_sync" "full" {
  config {
    connector_id = syncops_elasticsearch_connector.orders.id
    job_type     = "full" # or "incremental", or "access_control" (needs document level security)

    # Wait for the job to end (the default), and cancel it if it is still running at the deadline.
    wait              = true
    cancel_on_timeout = true

    timeouts {
      invoke = "2h"
    }
  }
}
