provider "syncops" {
  elasticsearch {
    endpoints = ["https://es.example.com:9200"]
    # api_key from ELASTICSEARCH_API_KEY
  }
}

variable "drive_service_account_json" {
  type      = string
  sensitive = true
}

resource "syncops_elasticsearch_connector" "drive" {
  connector_id = "google-drive" # optional; omitted, Elasticsearch generates an id
  name         = "Google Drive"
  description  = "Shared company drive"
  index_name   = "search-google-drive"
  service_type = "google_drive"
  language     = "english"

  scheduling = {
    full        = { enabled = true, interval = "0 0 0 * * ?" }   # daily at midnight
    incremental = { enabled = true, interval = "0 0 */4 * * ?" } # every 4 hours
  }

  pipeline = {
    name = "search-default-ingestion"
  }

  # Only fields the connector service has registered are accepted: add these once it has run.
  configuration_values = jsonencode({
    use_domain_wide_delegation_for_sync = false
  })
  configuration_secrets_wo = jsonencode({
    service_account_credentials = var.drive_service_account_json
  })
  configuration_secrets_wo_version = 1

  # Sync rules: written as a draft, validated by the connector service, then activated.
  # Elasticsearch keeps a catch-all rule (include everything) after these.
  filtering = {
    rules = [
      { id = "no-drafts", policy = "exclude", field = "title", rule = "starts_with", value = "DRAFT" },
      { id = "docs-only", policy = "include", field = "mime_type", rule = "contains", value = "document" },
      { id = "no-big", policy = "exclude", field = "size", rule = ">", value = "104857600" },
    ]
  }

  # Feature flags the connector service does not report itself (Elasticsearch 8.15 or later).
  features = {
    document_level_security = true
  }

  # Delete options: apply them before running destroy.
  delete_sync_jobs = true
  hard_delete      = true # Elasticsearch 9.0 or later

  timeouts {
    create = "5m"
    delete = "5m"
  }
}
