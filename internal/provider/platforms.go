package provider

import (
	"github.com/syncops/terraform-provider-syncops/internal/elasticsearch"
	"github.com/syncops/terraform-provider-syncops/internal/haven"
	"github.com/syncops/terraform-provider-syncops/internal/jim"
	"github.com/syncops/terraform-provider-syncops/internal/polytomic"
	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
)

// Platforms lists every platform of the provider; one line per platform.
func Platforms() []providerdata.Platform {
	return []providerdata.Platform{
		jim.Platform{},
		polytomic.Platform{},
		elasticsearch.Platform{},
		haven.Platform{},
	}
}
