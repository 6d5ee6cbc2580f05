# The module's logic without any server: the provider is mocked, so these runs need neither JIM
# nor the emulator (only the provider's schema, from `terraform init`). Run them with
#   terraform test -test-directory=tests/mock
# Mocked resources get made-up values for what the server would compute; `defaults` chooses some.

# Set for every run: `terraform test` before Terraform 1.17 refuses an ephemeral variable left to
# its default (hashicorp/terraform issue 38974).
variables {
  secret_settings = {}
}

mock_provider "syncops" {
  mock_resource "syncops_jim_connected_system" {
    defaults = {
      id           = "42"
      connector_id = 2
      status       = "Active"
    }
  }

  mock_resource "syncops_jim_run_profile" {
    defaults = {
      id = "7"
    }
  }
}

run "standard_run_profiles_of_the_file_connector" {
  variables {
    name      = "HR feed"
    connector = "JIM File Connector"
  }

  assert {
    condition     = toset(keys(output.run_profile_ids)) == toset(["FullImport", "FullSynchronisation", "DeltaSynchronisation", "Export"])
    error_message = "The File connector's standard run profiles are FullImport, FullSynchronisation, DeltaSynchronisation and Export."
  }

  assert {
    condition     = output.id == "42" && alltrue([for rp in syncops_jim_run_profile.this : rp.connected_system_id == "42"])
    error_message = "Every run profile should belong to the connected system."
  }
}

run "standard_run_profiles_of_the_ldap_connector" {
  variables {
    name      = "Corporate directory"
    connector = "JIM LDAP Connector"
  }

  assert {
    condition     = length(output.run_profile_ids) == 5 && output.run_profile_names["DeltaImport"] == "Delta Import"
    error_message = "The LDAP connector's standard run profiles include a Delta Import."
  }
}

run "refuses_duplicate_run_types" {
  command = plan

  variables {
    name      = "HR feed"
    connector = "JIM File Connector"
    run_types = ["Export", "Export"]
  }

  expect_failures = [var.run_types]
}
