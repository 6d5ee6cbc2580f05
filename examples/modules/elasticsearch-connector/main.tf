# An Elasticsearch content connector with its index, sync schedules, sync rules, ingest pipeline
# and configuration.

resource "syncops_elasticsearch_connector" "this" {
  connector_id = var.connector_id
  name         = var.name
  description  = var.description
  service_type = var.service_type
  index_name   = var.index_name
  is_native    = var.is_native
  language     = var.language

  scheduling = {
    full           = var.schedules.full
    incremental    = var.schedules.incremental
    access_control = var.schedules.access_control
  }

  # Null (neither variable set) leaves the sync rules to whoever else manages them.
  filtering = var.sync_rules == null && var.advanced_sync_rules == null ? null : {
    rules            = var.sync_rules == null ? [] : var.sync_rules
    advanced_snippet = var.advanced_sync_rules == null ? null : jsonencode(var.advanced_sync_rules)
  }

  pipeline = var.pipeline

  configuration_values             = var.configuration == null ? null : jsonencode(var.configuration)
  configuration_secrets_wo         = length(var.configuration_secrets) > 0 ? jsonencode(var.configuration_secrets) : null
  configuration_secrets_wo_version = var.configuration_secrets_version

  delete_sync_jobs = var.delete_sync_jobs
  hard_delete      = var.hard_delete

  lifecycle {
    precondition {
      condition     = !var.is_native || startswith(var.index_name, "content-")
      error_message = "A native connector's index name must start with \"content-\"."
    }

    precondition {
      condition     = length(var.configuration_secrets) == 0 || var.configuration_secrets_version != null
      error_message = "Set configuration_secrets_version with configuration_secrets: the provider sends the secrets again only when the version changes."
    }
  }
}
