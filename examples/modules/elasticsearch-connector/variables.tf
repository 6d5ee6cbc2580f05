variable "connector_id" {
  description = "Connector id. Null lets Elasticsearch generate one. Changing it replaces the connector."
  type        = string
  default     = null

  validation {
    condition     = var.connector_id == null ? true : can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$", var.connector_id))
    error_message = "The connector id must be 1 to 255 letters, digits, '_', '.' or '-', starting with a letter or a digit."
  }
}

variable "name" {
  description = "Display name of the connector."
  type        = string

  validation {
    condition     = trimspace(var.name) != ""
    error_message = "The name must not be empty."
  }
}

variable "description" {
  description = "Description of the connector. Elasticsearch cannot clear a description: setting it back to null keeps the current one."
  type        = string
  default     = null
}

variable "service_type" {
  description = "Connector service type, e.g. `google_drive`, `sharepoint_online`, `mysql`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]*$", var.service_type))
    error_message = "The service type must be lowercase letters, digits and '_', such as \"google_drive\" or \"sharepoint_online\"."
  }
}

variable "index_name" {
  description = "Index the connector writes to. Lowercase, not starting with `_`, `-` or `+`, none of `\\ / * ? \" < > | , # :` or spaces, at most 255 characters, unique among connectors; it must start with `content-` when `is_native` is true."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][^A-Z\\\\/*?\"<>|,# :]*$", var.index_name)) && length(var.index_name) <= 255
    error_message = "The index name must be lowercase, start with a letter or a digit, have none of \\ / * ? \" < > | , # : or spaces, and be at most 255 characters long."
  }
}

variable "is_native" {
  description = "Whether the connector is Elastic-managed (native). Native connectors need an index name starting with `content-`."
  type        = bool
  default     = false
  nullable    = false
}

variable "language" {
  description = "Language analyzer of the index, e.g. `english`. Changing it replaces the connector."
  type        = string
  default     = null
}

variable "schedules" {
  description = "Sync schedules by kind (`full`, `incremental`, `access_control`), each with `enabled` and a Quartz cron `interval` with seconds, e.g. `0 0 0 * * ?` (every day at midnight). Kinds left out keep the server's schedule (disabled on a new connector)."
  type = object({
    full           = optional(object({ enabled = bool, interval = string }))
    incremental    = optional(object({ enabled = bool, interval = string }))
    access_control = optional(object({ enabled = bool, interval = string }))
  })
  default  = {}
  nullable = false

  validation {
    condition = alltrue([
      for s in [var.schedules.full, var.schedules.incremental, var.schedules.access_control] :
      s == null ? true : contains([6, 7], length(split(" ", trimspace(s.interval))))
    ])
    error_message = "Each schedule interval must be a Quartz cron expression of 6 or 7 fields with seconds: `sec min hour day-of-month month day-of-week [year]`, such as \"0 0 0 * * ?\"."
  }
}

variable "sync_rules" {
  description = "Basic sync rules, in order: the first rule whose condition matches a document decides whether the document is synced. Each has an `id`, a `policy` (`include` or `exclude`), a document `field`, a `rule` (`equals`, `contains`, `starts_with`, `ends_with`, `regex`, `>` or `<`) and a `value`. Elasticsearch keeps its catch-all `DEFAULT` rule (include the rest) last. `[]` removes every rule; null (with `advanced_sync_rules` null too) leaves the sync rules unmanaged."
  type = list(object({
    id     = string
    policy = string
    field  = string
    rule   = string
    value  = string
  }))
  default = null

  validation {
    condition     = var.sync_rules == null ? true : alltrue([for r in var.sync_rules : contains(["include", "exclude"], r.policy)])
    error_message = "Each sync rule's policy must be \"include\" or \"exclude\"."
  }

  validation {
    condition     = var.sync_rules == null ? true : alltrue([for r in var.sync_rules : contains(["equals", "contains", "starts_with", "ends_with", "regex", ">", "<"], r.rule)])
    error_message = "Each sync rule's rule must be one of \"equals\", \"contains\", \"starts_with\", \"ends_with\", \"regex\", \">\" or \"<\"."
  }

  validation {
    condition     = var.sync_rules == null ? true : length(distinct([for r in var.sync_rules : r.id])) == length(var.sync_rules) && !contains([for r in var.sync_rules : r.id], "DEFAULT")
    error_message = "Sync rule ids must be unique, and DEFAULT is the catch-all rule Elasticsearch keeps last."
  }
}

variable "advanced_sync_rules" {
  description = "Advanced sync rules: a value whose shape the connector's data source defines, sent as JSON, e.g. `[{ tables = [\"orders\"], query = \"SELECT * FROM orders WHERE status = 'open'\" }]` for MySQL. Null sends none."
  type        = any
  default     = null
}

variable "pipeline" {
  description = "Ingest pipeline of the connector. Null keeps the server's pipeline (Elasticsearch cannot remove one)."
  type = object({
    name                   = string
    extract_binary_content = optional(bool, true)
    reduce_whitespace      = optional(bool, true)
    run_ml_inference       = optional(bool, false)
  })
  default = null
}

variable "configuration" {
  description = "Non-secret configuration values, e.g. `{ host = \"db.example.com\", port = 3306 }`. Elasticsearch accepts only the fields the connector service has registered, so set them once the connector service has run. Null leaves the configuration to the connector service."
  # any, not map(any): a map converts every value to one type (3306 would become "3306").
  type    = any
  default = null

  validation {
    condition     = var.configuration == null ? true : can(keys(var.configuration))
    error_message = "The configuration must be an object of field names to values, such as { host = \"db.example.com\", port = 3306 }."
  }
}

variable "configuration_secrets" {
  description = "Secret configuration values (passwords, tokens). Ephemeral and write-only: never stored in the state or the plan. Sent on create and whenever `configuration_secrets_version` changes."
  type        = map(string)
  # Empty rather than null: `terraform test` before Terraform 1.17 refuses an ephemeral variable
  # left null (hashicorp/terraform issue 38974).
  default   = {}
  nullable  = false
  sensitive = true
  ephemeral = true
}

variable "configuration_secrets_version" {
  description = "Change this number to send `configuration_secrets` again (after rotating a password, say). Required with `configuration_secrets`."
  type        = number
  default     = null
}

variable "delete_sync_jobs" {
  description = "Whether destroying the connector also deletes its sync job history. Apply a change before destroy."
  type        = bool
  default     = true
  nullable    = false
}

variable "hard_delete" {
  description = "Whether destroying the connector removes it for good (Elasticsearch 9.0 and later; 8.x always does) instead of the soft delete Elasticsearch 9 does by default. Apply a change before destroy."
  type        = bool
  default     = false
  nullable    = false
}
