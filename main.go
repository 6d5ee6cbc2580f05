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

// logEnv lists the variables by which a user asks for provider logs: Terraform and OpenTofu show a
// provider's logs only when TF_LOG or TF_LOG_PROVIDER is set, and the SDK variables set levels of
// their own.
var logEnv = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_SYNCOPS", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// silenceUnreadLogs turns the plugin SDK's logs off when nobody asked for logs. Left unset, the SDK
// and the framework log every step at TRACE as JSON on stderr, and Terraform parses each line only
// to throw it away (terraform-plugin-framework issue 1269): a third of the provider's CPU in a plan
// of 200 resources. Any of logEnv set leaves every level as the user set it.
func silenceUnreadLogs(getenv func(string) string, setenv func(string, string) error) {
	for _, k := range logEnv {
		if getenv(k) != "" {
			return
		}
	}
	for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_SYNCOPS"} {
		_ = setenv(k, "off")
	}
}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()
	if err := run(debug); err != nil {
		log.Fatal(err.Error())
	}
}

func run(debug bool) error {
	if !debug {
		silenceUnreadLogs(os.Getenv, os.Setenv)
	}
	if prefix := os.Getenv(profileEnv); prefix != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid())) //nolint:gosec // G703: the path is the one the user set for the profile
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
