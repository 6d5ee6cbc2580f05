package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/syncops/terraform-provider-syncops/internal/provider"
)

// version is set by goreleaser through ldflags.
var version = "dev"

// profileEnv names a file prefix: when set, the provider writes a CPU profile of its whole run to
// <prefix>.<pid> (one file per provider process; `make bench -profile` uses it).
const profileEnv = "SYNCOPS_CPU_PROFILE"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()
	if err := run(debug); err != nil {
		log.Fatal(err.Error())
	}
}

func run(debug bool) error {
	if prefix := os.Getenv(profileEnv); prefix != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid()))
		if err != nil {
			return fmt.Errorf("%s: %w", profileEnv, err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("%s: %w", profileEnv, err)
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}
	return providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/syncops/syncops",
		Debug:   debug,
	})
}
