package main

import (
	"flag"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// platformFlags holds each platform's command-line options; one line per platform.
type platformFlags struct {
	elasticsearch elasticsearch.Options
}

func newPlatforms(fs *flag.FlagSet) *platformFlags {
	p := &platformFlags{}
	fs.StringVar(&p.elasticsearch.Username, "elasticsearch-username", elasticsearch.DefaultUsername, "Elasticsearch: user accepted with Basic auth")
	fs.StringVar(&p.elasticsearch.Password, "elasticsearch-password", elasticsearch.DefaultPassword, "Elasticsearch: password of -elasticsearch-username")
	fs.StringVar(&p.elasticsearch.APIKey, "elasticsearch-api-key", elasticsearch.DefaultAPIKey, "Elasticsearch: encoded API key accepted after Authorization: ApiKey")
	fs.StringVar(&p.elasticsearch.BearerToken, "elasticsearch-bearer-token", elasticsearch.DefaultBearerToken, "Elasticsearch: token accepted after Authorization: Bearer")
	fs.Func("elasticsearch-version", "Elasticsearch: version reported by GET / and whose connector API is served, 8.12.0 or later (default "+elasticsearch.DefaultVersion+"); 8.x has no soft delete, hard or include_deleted", func(s string) error {
		if err := elasticsearch.ParseVersion(s); err != nil {
			return err
		}
		p.elasticsearch.Version = s
		return nil
	})
	return p
}

func (p *platformFlags) build(jobDelay time.Duration) []emulator.Platform {
	return []emulator.Platform{
		elasticsearch.New(p.elasticsearch),
	}
}
