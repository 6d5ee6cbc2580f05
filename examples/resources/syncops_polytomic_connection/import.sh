# Import by connection id:
terraform import syncops_polytomic_connection.warehouse 248df4b7-aa70-47b8-a036-33ac447e668d

# Or by name (an error when several connections share the name):
terraform import syncops_polytomic_connection.warehouse "name:Warehouse"
