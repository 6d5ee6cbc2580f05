# Import a JIM connected system by its id.
terraform import syncops_jim_connected_system.hr 12
