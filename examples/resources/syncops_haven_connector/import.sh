# Haven OnDemand connectors are imported by name.
terraform import syncops_haven_connector.site company-site
