package main

import (
	"flag"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// platformFlags holds each platform's command-line options; one field per platform.
type platformFlags struct {
	jim           jim.Options
	polytomic     polytomic.Options
	elasticsearch elasticsearch.Options
	haven         haven.Options
}

func newPlatforms(fs *flag.FlagSet) *platformFlags {
	p := &platformFlags{}
	fs.StringVar(&p.jim.APIKey, "jim-api-key", jim.DefaultAPIKey, "the X-API-Key the JIM emulator accepts (jim_ak_ + 64 lowercase hex)")
	fs.StringVar(&p.jim.InfrastructureAPIKey, "jim-infrastructure-api-key", "", "JIM_INFRASTRUCTURE_API_KEY: a bootstrap key (jim_ak_..., at least 32 characters) with the Administrator role, exempt from rate limiting (default none)")
	fs.StringVar(&p.jim.UserAPIKey, "jim-user-api-key", "", "a second JIM key with only the User role: authenticated, then refused with 403 on every Administrator route (default none)")
	fs.IntVar(&p.jim.RateLimit, "jim-rate-limit", jim.DefaultOptions().RateLimit, "JIM requests per minute per API key, sliding window (0 turns the limiter off)")
	fs.StringVar(&p.polytomic.APIKey, "polytomic-api-key", polytomic.DefaultAPIKey, "Polytomic user API key accepted as Bearer")
	fs.StringVar(&p.polytomic.DeploymentKey, "polytomic-deployment-key", polytomic.DefaultDeploymentKey, "Polytomic deployment key accepted in Basic auth")
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
	fs.StringVar(&p.haven.APIKey, "haven-api-key", haven.DefaultAPIKey, "Haven OnDemand apikey accepted by the emulator")
	fs.DurationVar(&p.haven.RunDuration, "haven-run-duration", haven.DefaultRunDuration, "how long a Haven OnDemand startconnector run stays PROCESSING")
	fs.BoolVar(&p.haven.RequireDecryptionToken, "haven-require-decryption-token", false, "cloud Haven OnDemand connectors with credentials need their decryption token for retrieveconfig and startconnector (GET /_emulator/haven/connectors/{name}/decryption-token gives it)")
	fs.DurationVar(&p.haven.StopDuration, "haven-stop-duration", haven.DefaultStopDuration, "how long a stopped Haven OnDemand connector stays STOPPING")
	return p
}

func (p *platformFlags) build(jobDelay time.Duration) []emulator.Platform {
	jimOpts := p.jim
	jimOpts.JobDelay = jobDelay
	havenOpts := p.haven
	havenOpts.JobDelay = jobDelay
	esOpts := p.elasticsearch
	esOpts.JobDelay = jobDelay
	return []emulator.Platform{
		jim.New(jimOpts),
		polytomic.New(p.polytomic),
		elasticsearch.New(esOpts),
		haven.New(havenOpts),
	}
}
