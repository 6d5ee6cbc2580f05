variable "name" {
  description = "Name of the connected system in JIM, 1 to 200 characters, without leading or trailing spaces."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 200 && trimspace(var.name) == var.name
    error_message = "The name must be 1 to 200 characters long, without leading or trailing spaces (JIM trims them)."
  }
}

variable "description" {
  description = "Description of the connected system, up to 1000 characters."
  type        = string
  default     = null

  validation {
    condition     = var.description == null ? true : length(var.description) <= 1000
    error_message = "The description must be at most 1000 characters long."
  }
}

variable "connector" {
  description = "Connector definition: `JIM File Connector`, `JIM LDAP Connector`, `JIM SQL Connector` or `JIM SCIM 2.0 Client Connector`. Changing it replaces the connected system."
  type        = string

  validation {
    condition     = contains(["JIM File Connector", "JIM LDAP Connector", "JIM SQL Connector", "JIM SCIM 2.0 Client Connector"], var.connector)
    error_message = "The connector must be one of \"JIM File Connector\", \"JIM LDAP Connector\", \"JIM SQL Connector\" or \"JIM SCIM 2.0 Client Connector\"."
  }
}

variable "settings" {
  description = "Connector settings by name, values as strings (`\"389\"`, `\"true\"`). The provider checks names and values against the connector definition at plan time. Secrets go in `secret_settings`."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "secret_settings" {
  description = "Secret (StringEncrypted) settings by name, such as `Password`. Ephemeral and write-only: never stored in the state or the plan. Sent on create and whenever `secret_settings_version` changes."
  type        = map(string)
  # Empty rather than null: `terraform test` before Terraform 1.17 refuses an ephemeral variable
  # left null (hashicorp/terraform issue 38974).
  default   = {}
  nullable  = false
  sensitive = true
  ephemeral = true
}

variable "secret_settings_version" {
  description = "Change this number to send `secret_settings` again (after rotating a password, say). Required with `secret_settings`."
  type        = number
  default     = null
}

variable "run_types" {
  description = "Run profiles to create, by run type. Null means the standard set for the connector: `FullImport`, `DeltaImport` (not for the File connector, which has no delta import), `FullSynchronisation`, `DeltaSynchronisation` and `Export`. A run type the connector cannot do (`DeltaImport` on the File connector) fails at plan time, before anything is created."
  type        = list(string)
  default     = null

  validation {
    condition     = var.run_types == null ? true : alltrue([for t in var.run_types : contains(["FullImport", "DeltaImport", "FullSynchronisation", "DeltaSynchronisation", "Export"], t)])
    error_message = "Each run type must be one of FullImport, DeltaImport, FullSynchronisation, DeltaSynchronisation or Export."
  }

  validation {
    condition     = var.run_types == null ? true : length(distinct(var.run_types)) == length(var.run_types)
    error_message = "Each run type may be given once."
  }
}

variable "page_size" {
  description = "Objects per page of every run profile, 1 to 10000."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.page_size >= 1 && var.page_size <= 10000 && floor(var.page_size) == var.page_size
    error_message = "The page size must be a whole number from 1 to 10000."
  }
}

variable "delete_change_history" {
  description = "Whether destroying the connected system also deletes its change history (the audit trail). Apply a change before destroy."
  type        = bool
  default     = false
  nullable    = false
}

variable "delete_timeout" {
  description = "How long destroy waits for JIM's deletion, which JIM queues as a background job for systems of more than 1000 objects."
  type        = string
  default     = "30m"
  nullable    = false

  validation {
    condition     = can(regex("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$", var.delete_timeout)) && var.delete_timeout != ""
    error_message = "The delete timeout must be a duration such as \"30m\" or \"1h30m\"."
  }
}
