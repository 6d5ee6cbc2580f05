# Haven OnDemand connectors are imported by name.
import {
  to = syncops_haven_connector.site
  id = "company-site"
}
