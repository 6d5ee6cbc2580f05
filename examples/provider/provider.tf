provider "syncops" {
  jim {
    url     = "https://jim.example.com" # or JIM_URL
    api_key = var.jim_api_key           # or JIM_API_KEY
  }
}

variable "jim_api_key" {
  type      = string
  sensitive = true
}
