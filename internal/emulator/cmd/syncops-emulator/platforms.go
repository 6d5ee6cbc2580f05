package main

import (
	"flag"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// platformFlags holds each platform's command-line options; one field per platform.
type platformFlags struct {
	jim       jim.Options
	polytomic polytomic.Options
}

func newPlatforms(fs *flag.FlagSet) *platformFlags {
	p := &platformFlags{}
	fs.StringVar(&p.jim.APIKey, "jim-api-key", jim.DefaultAPIKey, "the X-API-Key the JIM emulator accepts (jim_ak_ + 64 lowercase hex)")
	fs.IntVar(&p.jim.RateLimit, "jim-rate-limit", jim.DefaultOptions().RateLimit, "JIM requests per minute per API key, sliding window (0 turns the limiter off)")
	fs.StringVar(&p.polytomic.APIKey, "polytomic-api-key", polytomic.DefaultAPIKey, "Polytomic user API key accepted as Bearer")
	fs.StringVar(&p.polytomic.DeploymentKey, "polytomic-deployment-key", polytomic.DefaultDeploymentKey, "Polytomic deployment key accepted in Basic auth")
	return p
}

func (p *platformFlags) build(jobDelay time.Duration) []emulator.Platform {
	jimOpts := p.jim
	jimOpts.JobDelay = jobDelay
	return []emulator.Platform{
		jim.New(jimOpts),
		polytomic.New(p.polytomic),
	}
}
