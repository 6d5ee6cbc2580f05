# By name (an error lists the ids when several systems share the name)...
data "syncops_jim_connected_system" "hr" {
  name = "HR feed"
}

# ...or by id.
data "syncops_jim_connected_system" "by_id" {
  id = "12"
}
