# Import a JIM connected system by its id.
terraform import syncops_jim_connected_system.hr 12

# Or by name, when exactly one connected system carries it (JIM names are not unique).
terraform import syncops_jim_connected_system.hr "name:HR feed"
