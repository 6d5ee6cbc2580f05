package main

import (
	"flag"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// platformFlags holds each platform's command-line options; one line per platform.
type platformFlags struct {
	haven haven.Options
}

func newPlatforms(fs *flag.FlagSet) *platformFlags {
	p := &platformFlags{}
	fs.StringVar(&p.haven.APIKey, "haven-api-key", haven.DefaultAPIKey, "Haven OnDemand apikey accepted by the emulator")
	fs.DurationVar(&p.haven.RunDuration, "haven-run-duration", haven.DefaultRunDuration, "how long a Haven OnDemand startconnector run stays PROCESSING")
	fs.DurationVar(&p.haven.StopDuration, "haven-stop-duration", haven.DefaultStopDuration, "how long a stopped Haven OnDemand connector stays STOPPING")
	return p
}

func (p *platformFlags) build(jobDelay time.Duration) []emulator.Platform {
	havenOpts := p.haven
	havenOpts.JobDelay = jobDelay
	return []emulator.Platform{haven.New(havenOpts)}
}
