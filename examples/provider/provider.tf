# Configure only the platforms you use; each block can also come from environment variables.
provider "syncops" {
  jim {
    url     = "https://jim.example.com" # or JIM_URL
    api_key = var.jim_api_key           # or JIM_API_KEY
  }

  polytomic {
    api_key = var.polytomic_api_key # or POLYTOMIC_API_KEY (Bearer)
    # or deployment_key + organization_id (Basic), POLYTOMIC_DEPLOYMENT_KEY / POLYTOMIC_ORGANIZATION_ID
  }

  elasticsearch {
    endpoints = ["https://es.example.com:9200"] # or ELASTICSEARCH_ENDPOINTS
    api_key   = var.es_api_key                  # or bearer_token, or username + password
  }

  haven {
    api_key = var.haven_api_key # or HAVEN_API_KEY; sent as the apikey parameter
  }
}

variable "jim_api_key" {
  type      = string
  sensitive = true
}

variable "polytomic_api_key" {
  type      = string
  sensitive = true
}

variable "es_api_key" {
  type      = string
  sensitive = true
}

variable "haven_api_key" {
  type      = string
  sensitive = true
}
