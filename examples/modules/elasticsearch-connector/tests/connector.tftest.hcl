# Runs against Elasticsearch or the syncops emulator: the provider reads ELASTICSEARCH_ENDPOINTS and
# ELASTICSEARCH_API_KEY (or the other ELASTICSEARCH_* credentials) from the environment (see
# ../../README.md). terraform test destroys what the runs created at the end.

# Every run starts from a valid connector and changes what it tests. configuration_secrets is set
# for every run: `terraform test` before Terraform 1.17 refuses an ephemeral variable left to its
# default (hashicorp/terraform issue 38974).
variables {
  connector_id          = "tftest-drive"
  name                  = "Company drive"
  service_type          = "google_drive"
  index_name            = "search-tftest-drive"
  configuration_secrets = {}
}

run "connector_with_schedules_and_pipeline" {
  variables {
    description = "Shared company drive"
    schedules = {
      full        = { enabled = true, interval = "0 0 0 * * ?" }
      incremental = { enabled = true, interval = "0 0 */4 * * ?" }
    }
    pipeline = { name = "search-default-ingestion" }
  }

  assert {
    condition     = output.id == "tftest-drive" && output.index_name == "search-tftest-drive"
    error_message = "The outputs should give the connector id and its index."
  }

  assert {
    condition     = output.schedules.full.enabled && output.schedules.full.interval == "0 0 0 * * ?" && output.schedules.incremental.interval == "0 0 */4 * * ?"
    error_message = "The full and incremental schedules should be the ones given."
  }

  assert {
    condition     = !output.schedules.access_control.enabled
    error_message = "A schedule left out keeps the server's value: access control syncs are disabled on a new connector."
  }

  assert {
    condition     = output.pipeline_name == "search-default-ingestion" && syncops_elasticsearch_connector.this.pipeline.extract_binary_content
    error_message = "The pipeline should be set, with the module's defaults."
  }

  assert {
    condition     = syncops_elasticsearch_connector.this.delete_sync_jobs
    error_message = "The module deletes sync jobs with the connector by default."
  }
}

run "sync_rules_are_activated_in_order" {
  variables {
    sync_rules = [
      { id = "no-drafts", policy = "exclude", field = "title", rule = "starts_with", value = "DRAFT" },
      { id = "docs-only", policy = "include", field = "mime_type", rule = "contains", value = "document" },
    ]
    advanced_sync_rules = { folders = ["Shared/Reports"] }
  }

  assert {
    condition     = [for r in output.sync_rules : "${r.order}:${r.id}:${r.policy}:${r.field}:${r.rule}:${r.value}"] == ["0:no-drafts:exclude:title:starts_with:DRAFT", "1:docs-only:include:mime_type:contains:document"]
    error_message = "The sync rules should be active in the order given, numbered from 0."
  }

  assert {
    condition     = jsondecode(syncops_elasticsearch_connector.this.filtering.advanced_snippet) == { folders = ["Shared/Reports"] }
    error_message = "The advanced sync rules should be active as given."
  }
}

run "sync_rules_kept_when_left_out" {
  assert {
    condition     = length(output.sync_rules) == 2
    error_message = "Sync rules left out (null) stay what the previous run activated."
  }
}

run "refuses_a_sync_rule_policy" {
  command = plan

  variables {
    sync_rules = [{ id = "r", policy = "allow", field = "title", rule = "equals", value = "x" }]
  }

  expect_failures = [var.sync_rules]
}

run "schedule_change_in_place" {
  variables {
    schedules = {
      full = { enabled = false, interval = "0 30 2 * * ?" }
    }
  }

  assert {
    condition     = !output.schedules.full.enabled && output.schedules.full.interval == "0 30 2 * * ?"
    error_message = "The full schedule should be changed in place."
  }

  assert {
    condition     = output.schedules.incremental.enabled
    error_message = "A schedule left out keeps the server's value (here the one the previous run set)."
  }
}

run "configuration_is_sent_as_json" {
  command = plan

  variables {
    configuration = { host = "db.example.com", port = 3306 }
  }

  assert {
    condition     = jsondecode(syncops_elasticsearch_connector.this.configuration_values) == { host = "db.example.com", port = 3306 }
    error_message = "The configuration should be sent as a JSON object."
  }
}

run "refuses_an_uppercase_index_name" {
  command = plan

  variables {
    index_name = "Search-Tftest-Drive"
  }

  expect_failures = [var.index_name]
}

run "refuses_a_cron_without_seconds" {
  command = plan

  variables {
    schedules = {
      full = { enabled = true, interval = "0 0 * * *" }
    }
  }

  expect_failures = [var.schedules]
}

run "refuses_a_service_type_with_spaces" {
  command = plan

  variables {
    service_type = "Google Drive"
  }

  expect_failures = [var.service_type]
}

run "native_connectors_need_a_content_index" {
  command = plan

  variables {
    is_native = true
  }

  expect_failures = [syncops_elasticsearch_connector.this]
}
