# Runs against a JIM server or the syncops emulator: the provider reads JIM_URL and JIM_API_KEY from
# the environment (see ../../README.md). Every run applies (or plans) the module; terraform test
# destroys what the runs created at the end.

# Every run starts from a valid File connector and changes what it tests. secret_settings is set
# for every run: `terraform test` before Terraform 1.17 refuses an ephemeral variable left to its
# default (hashicorp/terraform issue 38974).
variables {
  name      = "HR feed"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/data/hr.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
  secret_settings = {}
}

run "file_connector_gets_its_standard_run_profiles" {
  variables {
    description = "Authoritative HR export"
  }

  assert {
    condition     = syncops_jim_connected_system.this.status == "Active" && syncops_jim_connected_system.this.setting_values_valid
    error_message = "The connected system should be Active with valid settings."
  }

  assert {
    condition     = output.name == "HR feed" && can(tonumber(output.id))
    error_message = "The outputs should give the connected system's name and its numeric id."
  }

  assert {
    condition     = toset(keys(output.run_profile_ids)) == toset(["FullImport", "FullSynchronisation", "DeltaSynchronisation", "Export"])
    error_message = "The File connector has no delta import: its standard run profiles are FullImport, FullSynchronisation, DeltaSynchronisation and Export."
  }

  assert {
    condition     = alltrue([for type, id in output.run_profile_ids : id == syncops_jim_run_profile.this[type].id && can(tonumber(id))])
    error_message = "run_profile_ids should map each run type to its run profile's id."
  }

  assert {
    condition     = output.run_profile_names["FullImport"] == "Full Import" && output.run_profile_names["DeltaSynchronisation"] == "Delta Synchronisation"
    error_message = "Run profiles should carry the names JIM's UI gives them."
  }

  assert {
    condition     = alltrue([for rp in syncops_jim_run_profile.this : rp.connected_system_id == output.id && rp.connector == "JIM File Connector" && rp.page_size == 100])
    error_message = "Every run profile should belong to the connected system, with the default page size."
  }
}

run "ldap_connector_with_a_write_only_password" {
  variables {
    name      = "Corporate directory"
    connector = "JIM LDAP Connector"
    settings = {
      "Host"                = "ldap.example.com"
      "Username"            = "cn=jim,ou=service,dc=example,dc=com"
      "Authentication Type" = "Simple"
    }
    secret_settings         = { "Password" = "bind-password" }
    secret_settings_version = 1
    run_types               = ["FullImport", "DeltaImport", "Export"]
    page_size               = 500
  }

  assert {
    condition     = toset(keys(output.run_profile_ids)) == toset(["FullImport", "DeltaImport", "Export"])
    error_message = "run_types should choose the run profiles."
  }

  assert {
    condition     = syncops_jim_run_profile.this["DeltaImport"].page_size == 500
    error_message = "page_size should reach every run profile."
  }

  assert {
    condition     = syncops_jim_connected_system.this.secret_settings_wo == null
    error_message = "The password is write-only: it must never be in the state."
  }
}

run "refuses_an_unknown_connector" {
  command = plan

  variables {
    name      = "Teleporter"
    connector = "JIM Teleport Connector"
  }

  expect_failures = [var.connector]
}

run "refuses_an_unknown_run_type" {
  command = plan

  variables {
    run_types = ["FullImport", "NightlyImport"]
  }

  expect_failures = [var.run_types]
}

run "refuses_a_page_size_out_of_range" {
  command = plan

  variables {
    page_size = 20000
  }

  expect_failures = [var.page_size]
}

run "refuses_a_name_with_outer_spaces" {
  command = plan

  variables {
    name = " HR feed"
  }

  expect_failures = [var.name]
}

run "needs_a_version_with_secret_settings" {
  command = plan

  variables {
    name      = "Corporate directory"
    connector = "JIM LDAP Connector"
    settings = {
      "Host"                = "ldap.example.com"
      "Username"            = "cn=jim,ou=service,dc=example,dc=com"
      "Authentication Type" = "Simple"
    }
    secret_settings = { "Password" = "bind-password" }
  }

  expect_failures = [syncops_jim_connected_system.this]
}
