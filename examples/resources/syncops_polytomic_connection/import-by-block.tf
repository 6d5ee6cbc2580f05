import {
  to = syncops_polytomic_connection.warehouse
  id = "name:Warehouse" # or the connection id
}
