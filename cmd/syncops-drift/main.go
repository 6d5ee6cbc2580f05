// Command syncops-drift turns a refresh-only Terraform (or OpenTofu) plan into a readable drift
// report: for every resource changed outside Terraform, its platform, its address and each drifted
// attribute with the value in the state and the value now. Sensitive values show as "(sensitive)";
// write-only attributes never show.
//
// It reads `terraform show -json PLANFILE` (attribute details) or the `terraform plan -json` stream
// (resources only, and the plan's errors), from a file or standard input:
//
//	terraform plan -refresh-only -json -out=drift.tfplan > plan.jsonl
//	terraform show -json drift.tfplan | syncops-drift
//
// Exit codes: 0 no drift, 2 drift, 1 error (an unreadable input, or a plan that failed).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes, those of `terraform plan -detailed-exitcode`.
const (
	exitNoDrift = 0
	exitError   = 1
	exitDrift   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("syncops-drift", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		say(stderr, "usage: syncops-drift [-format text|markdown] [-summary FILE] [PLAN_JSON]\n\n"+
			"Reads `terraform show -json PLANFILE` (or the `terraform plan -json` stream) of a\n"+
			"refresh-only plan from PLAN_JSON or standard input and reports what drifted.\n"+
			"Exit codes: 0 no drift, 2 drift, 1 error.\n\n")
		fs.PrintDefaults()
	}
	format := fs.String("format", "text", "report format: text or markdown")
	summary := fs.String("summary", "", "also append the report, as markdown, to this file (e.g. $GITHUB_STEP_SUMMARY)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitNoDrift
		}
		return exitError
	}
	if *format != "text" && *format != "markdown" {
		say(stderr, "syncops-drift: -format must be text or markdown, not %q\n", *format)
		return exitError
	}
	if fs.NArg() > 1 {
		say(stderr, "syncops-drift: give at most one plan file (or none, to read standard input)\n")
		return exitError
	}

	name, data, err := readInput(fs.Arg(0), stdin)
	if err != nil {
		say(stderr, "syncops-drift: %v\n", err)
		return exitError
	}
	report, err := Parse(data)
	if err != nil {
		say(stderr, "syncops-drift: %s: %v\n", name, err)
		return exitError
	}

	var out bytes.Buffer
	// Writes to a bytes.Buffer cannot fail.
	if *format == "markdown" {
		_ = report.WriteMarkdown(&out)
	} else {
		_ = report.WriteText(&out)
	}
	// Errors go to stderr, so that a CI log shows them as such; the report goes to stdout.
	if len(report.Errors) > 0 {
		_, _ = stderr.Write(out.Bytes())
	} else {
		_, _ = stdout.Write(out.Bytes())
	}
	if *summary != "" {
		if err := appendSummary(*summary, report); err != nil {
			say(stderr, "syncops-drift: %v\n", err)
			return exitError
		}
	}
	switch {
	case len(report.Errors) > 0:
		return exitError
	case report.Drifted():
		return exitDrift
	default:
		return exitNoDrift
	}
}

// say writes a message for the user; a message that cannot be written has nowhere else to go.
func say(w io.Writer, format string, args ...any) {
	_, _ = fmt.Fprintf(w, format, args...)
}

func readInput(path string, stdin io.Reader) (string, []byte, error) {
	if path == "" || path == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return "", nil, fmt.Errorf("reading standard input: %w", err)
		}
		return "standard input", data, nil
	}
	data, err := os.ReadFile(path) //nolint:gosec // the plan file the user names
	if err != nil {
		return "", nil, err
	}
	return path, data, nil
}

func appendSummary(path string, r *Report) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644) //nolint:gosec // a summary file the user names, like $GITHUB_STEP_SUMMARY
	if err != nil {
		return fmt.Errorf("writing the summary: %w", err)
	}
	werr := r.WriteMarkdown(f)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("writing the summary: %w", err)
	}
	return nil
}
