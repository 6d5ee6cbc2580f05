// Command syncops-emulator serves the JIM, Polytomic, Elasticsearch and Haven OnDemand APIs on one
// local HTTP server, for the provider's acceptance tests and for `make demo`.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "syncops-emulator:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("syncops-emulator", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:18080", "address to listen on")
	tlsDir := fs.String("tls-dir", "", "serve HTTPS with a self-signed certificate whose CA is written to DIR/ca.pem")
	jobDelay := fs.Duration("job-delay", 2*time.Second, "how long a queued background job takes")
	faultRate := fs.Float64("fault-rate", 0, "fraction of API requests that get an injected fault (0 to 1)")
	faultKinds := fs.String("fault-kinds", strings.Join(emulator.AllFaultKinds, ","), "comma-separated fault kinds")
	faultSeed := fs.Int64("fault-seed", 1, "random seed for fault injection")
	platforms := newPlatforms(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	srv := emulator.New(platforms.build(*jobDelay)...)
	if *faultRate > 0 {
		if err := srv.Faults().Set(emulator.FaultRule{Rate: *faultRate, Kinds: strings.Split(*faultKinds, ","), Seed: *faultSeed}); err != nil {
			return err
		}
	}
	// Listen for signals before announcing the address: a signal sent as soon as the address is
	// printed must stop the server cleanly, not kill the process.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	running, err := emulator.Start(*listen, *tlsDir, srv)
	if err != nil {
		return err
	}
	fmt.Printf("listening on %s\n", running.URL)
	if running.CAFile != "" {
		fmt.Printf("CA certificate: %s\n", running.CAFile)
	}
	<-sig
	return running.Close()
}
