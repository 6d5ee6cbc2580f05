import {
  to = syncops_jim_run_profile.delta
  id = "12/7"
}
