terraform {
  # Write-only arguments need Terraform 1.11 (OpenTofu 1.11); `terraform test` and mock providers
  # came earlier.
  required_version = ">= 1.11.0"

  required_providers {
    syncops = {
      source = "syncops/syncops"
    }
  }
}
