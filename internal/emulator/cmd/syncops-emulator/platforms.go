package main

import (
	"flag"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// platformFlags holds each platform's command-line options; one line per platform.
type platformFlags struct {
	polytomic polytomic.Options
}

func newPlatforms(fs *flag.FlagSet) *platformFlags {
	p := &platformFlags{}
	fs.StringVar(&p.polytomic.APIKey, "polytomic-api-key", polytomic.DefaultAPIKey, "Polytomic user API key accepted as Bearer")
	fs.StringVar(&p.polytomic.DeploymentKey, "polytomic-deployment-key", polytomic.DefaultDeploymentKey, "Polytomic deployment key accepted in Basic auth")
	return p
}

func (p *platformFlags) build(jobDelay time.Duration) []emulator.Platform {
	return []emulator.Platform{
		polytomic.New(p.polytomic),
	}
}
