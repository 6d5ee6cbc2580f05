data "syncops_polytomic_connection" "warehouse" {
  name = "Warehouse" # or id = "248df4b7-aa70-47b8-a036-33ac447e668d"
}

output "warehouse_host" {
  value = jsondecode(data.syncops_polytomic_connection.warehouse.configuration).hostname
}
