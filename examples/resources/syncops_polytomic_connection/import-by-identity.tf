# Terraform 1.12+ (and OpenTofu 1.12): import by the resource identity, the connection UUID.
import {
  to = syncops_polytomic_connection.warehouse
  identity = {
    id = "248df4b7-aa70-47b8-a036-33ac447e668d"
  }
}
