package main

import (
	"fmt"
	"io"
	"strings"
)

// printer writes a report and keeps the first write error, so that the report's code stays a
// list of lines.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) ln(args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, args...)
	}
}

// what says in words what happened to a resource.
func (r Resource) what() string {
	switch r.Action {
	case "update":
		return "changed outside Terraform"
	case "delete":
		return "deleted outside Terraform (the next apply creates it again)"
	default:
		return r.Action + " outside Terraform"
	}
}

// groups returns the resources by platform, in report order.
func (r *Report) groups() (names []string, byPlatform map[string][]Resource) {
	byPlatform = map[string][]Resource{}
	for _, res := range r.Resources {
		if _, ok := byPlatform[res.Platform]; !ok {
			names = append(names, res.Platform)
		}
		byPlatform[res.Platform] = append(byPlatform[res.Platform], res)
	}
	return names, byPlatform
}

func (r *Report) headline() string {
	if len(r.Errors) > 0 {
		return "The drift check failed: the plan has errors."
	}
	if !r.Drifted() {
		return "No drift: every resource matches what its platform holds."
	}
	names, byPlatform := r.groups()
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s: %d", n, len(byPlatform[n])))
	}
	return fmt.Sprintf("Drift detected: %s changed outside Terraform (%s).", plural(len(r.Resources), "resource"), strings.Join(parts, ", "))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// WriteText writes the report for a terminal or a CI log.
func (r *Report) WriteText(w io.Writer) error {
	p := &printer{w: w}
	p.ln(r.headline())
	if len(r.Errors) > 0 {
		// What drifted before the plan failed is incomplete: only the errors are worth reading.
		for _, e := range r.Errors {
			p.ln()
			p.ln("Error: " + strings.ReplaceAll(e, "\n", "\n  "))
		}
		return p.err
	}
	names, byPlatform := r.groups()
	for _, n := range names {
		p.ln()
		p.ln(n)
		for _, res := range byPlatform[n] {
			p.f("  %s: %s\n", res.Address, res.what())
			for _, c := range res.Changes {
				p.f("      %s: %s -> %s\n", c.Path, c.Before, c.After)
			}
		}
	}
	if len(r.Outputs) > 0 && r.Drifted() {
		p.ln()
		p.ln("Outputs")
		for _, o := range r.Outputs {
			p.f("  %s: %s -> %s\n", o.Name, o.Before, o.After)
		}
	}
	if r.Drifted() {
		p.ln()
		if !r.Detailed {
			p.ln("Attribute details are in the saved plan: terraform show -json PLANFILE | syncops-drift")
		}
		p.ln("Either apply the configuration to put the configured values back, or change the configuration")
		p.ln("to the new values and accept them with `terraform apply -refresh-only`.")
	}
	return p.err
}

// WriteMarkdown writes the report for a pull request comment or a GitHub job summary.
func (r *Report) WriteMarkdown(w io.Writer) error {
	p := &printer{w: w}
	p.f("### %s\n", r.headline())
	if len(r.Errors) > 0 {
		for _, e := range r.Errors {
			p.f("\n```\n%s\n```\n", strings.ReplaceAll(e, "```", "'''"))
		}
		return p.err
	}
	names, byPlatform := r.groups()
	for _, n := range names {
		p.f("\n#### %s\n\n", n)
		p.ln("| Resource | Attribute | In the state | Now |")
		p.ln("|---|---|---|---|")
		for _, res := range byPlatform[n] {
			if len(res.Changes) == 0 {
				p.f("| %s | *%s* | | |\n", code(res.Address), res.what())
				continue
			}
			for _, c := range res.Changes {
				p.f("| %s | %s | %s | %s |\n", code(res.Address), code(c.Path), code(c.Before), code(c.After))
			}
		}
	}
	if len(r.Outputs) > 0 && r.Drifted() {
		p.f("\n#### Outputs\n\n")
		p.ln("| Output | In the state | Now |")
		p.ln("|---|---|---|")
		for _, o := range r.Outputs {
			p.f("| %s | %s | %s |\n", code(o.Name), code(o.Before), code(o.After))
		}
	}
	if r.Drifted() && !r.Detailed {
		p.ln("\nAttribute details are in the saved plan: `terraform show -json PLANFILE | syncops-drift`.")
	}
	return p.err
}

// code puts a value in a markdown table cell as code.
func code(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	if strings.Contains(s, "`") {
		return "``" + s + "``"
	}
	return "`" + s + "`"
}
