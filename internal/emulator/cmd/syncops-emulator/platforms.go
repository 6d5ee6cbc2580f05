package main

import (
	"flag"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// platformFlags holds each platform's command-line options; one line per platform.
type platformFlags struct {
}

func newPlatforms(fs *flag.FlagSet) *platformFlags {
	p := &platformFlags{}
	return p
}

func (p *platformFlags) build(jobDelay time.Duration) []emulator.Platform {
	return []emulator.Platform{}
}
