package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Report is what a refresh-only plan says drifted.
type Report struct {
	// Resources changed or deleted outside Terraform, sorted by platform then address.
	Resources []Resource
	// Outputs whose value would change. They are shown, but never count as drift on their own: a
	// new output in the configuration changes the outputs too.
	Outputs []Output
	// Detailed is false when the input was the `terraform plan -json` stream, which names the
	// drifted resources but not their attributes.
	Detailed bool
	// Errors are the plan's error diagnostics (or "the plan failed").
	Errors []string
}

// Resource is one resource that drifted.
type Resource struct {
	Platform string
	Address  string
	Type     string
	// Action is Terraform's: "update" (changed outside Terraform) or "delete" (gone).
	Action  string
	Changes []Change
}

// Change is one drifted attribute: its path and the values before (in the state) and after (now),
// already rendered for a report.
type Change struct {
	Path, Before, After string
}

// Output is a root module output whose value would change.
type Output struct {
	Name, Action, Before, After string
}

// Drifted tells whether any resource drifted.
func (r *Report) Drifted() bool { return len(r.Resources) > 0 }

// platforms maps a resource type prefix to the platform named in reports, in report order.
var platforms = []struct{ prefix, name string }{
	{"syncops_jim_", "JIM"},
	{"syncops_polytomic_", "Polytomic"},
	{"syncops_elasticsearch_", "Elasticsearch"},
	{"syncops_haven_", "Haven OnDemand"},
}

// platformOf names the platform of a resource type; resources of other providers are reported
// under their provider's name (the type's first word).
func platformOf(resourceType string) string {
	for _, p := range platforms {
		if strings.HasPrefix(resourceType, p.prefix) {
			return p.name
		}
	}
	if i := strings.IndexByte(resourceType, '_'); i > 0 {
		return resourceType[:i]
	}
	return resourceType
}

// platformRank orders platforms: the four of this provider first, then the others by name.
func platformRank(name string) int {
	for i, p := range platforms {
		if p.name == name {
			return i
		}
	}
	return len(platforms)
}

// Parse reads `terraform show -json PLANFILE` output, or the `terraform plan -json` stream.
func Parse(data []byte) (*Report, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("the input is empty: give the output of `terraform show -json PLANFILE`")
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err == nil {
		if _, ok := doc["format_version"]; !ok {
			return nil, errors.New("not a Terraform plan: no format_version (give the output of `terraform show -json PLANFILE`)")
		}
		if _, ok := doc["values"]; ok {
			return nil, errors.New("this is a state, not a plan: run `terraform plan -refresh-only -out=PLANFILE` and give `terraform show -json PLANFILE`")
		}
		return parsePlan(data)
	}
	return parseStream(data)
}

// planJSON is the part of the plan representation (format 1.x) that tells drift.
type planJSON struct {
	FormatVersion string           `json:"format_version"`
	ResourceDrift []resourceChange `json:"resource_drift"`
	OutputChanges map[string]struct {
		Actions         []string        `json:"actions"`
		Before          json.RawMessage `json:"before"`
		After           json.RawMessage `json:"after"`
		BeforeSensitive json.RawMessage `json:"before_sensitive"`
		AfterSensitive  json.RawMessage `json:"after_sensitive"`
	} `json:"output_changes"`
	Errored bool `json:"errored"`
}

type resourceChange struct {
	Address string `json:"address"`
	Mode    string `json:"mode"`
	Type    string `json:"type"`
	Change  struct {
		Actions         []string        `json:"actions"`
		Before          json.RawMessage `json:"before"`
		After           json.RawMessage `json:"after"`
		BeforeSensitive json.RawMessage `json:"before_sensitive"`
		AfterSensitive  json.RawMessage `json:"after_sensitive"`
	} `json:"change"`
}

func parsePlan(data []byte) (*Report, error) {
	var p planJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	if !strings.HasPrefix(p.FormatVersion, "1.") {
		return nil, fmt.Errorf("plan format version %q is not supported (1.x is)", p.FormatVersion)
	}
	r := &Report{Detailed: true}
	if p.Errored {
		r.Errors = append(r.Errors, "The plan failed (errored = true): run the plan again and read its errors.")
	}
	for _, rc := range p.ResourceDrift {
		if rc.Mode != "" && rc.Mode != "managed" {
			continue
		}
		action := strings.Join(rc.Change.Actions, ",")
		if action == "no-op" || action == "read" {
			continue
		}
		res := Resource{Platform: platformOf(rc.Type), Address: rc.Address, Type: rc.Type, Action: action}
		if action != "delete" {
			changes, err := attributeChanges(rc.Change.Before, rc.Change.After, rc.Change.BeforeSensitive, rc.Change.AfterSensitive)
			if err != nil {
				return nil, fmt.Errorf("reading the drift of %s: %w", rc.Address, err)
			}
			res.Changes = changes
		}
		r.Resources = append(r.Resources, res)
	}
	for name, oc := range p.OutputChanges {
		action := strings.Join(oc.Actions, ",")
		if action == "no-op" {
			continue
		}
		before, err := decodeValue(oc.Before)
		if err != nil {
			return nil, fmt.Errorf("reading output %s: %w", name, err)
		}
		after, err := decodeValue(oc.After)
		if err != nil {
			return nil, fmt.Errorf("reading output %s: %w", name, err)
		}
		bs, _ := decodeValue(oc.BeforeSensitive)
		as, _ := decodeValue(oc.AfterSensitive)
		r.Outputs = append(r.Outputs, Output{Name: name, Action: action, Before: renderMasked(before, bs), After: renderMasked(after, as)})
	}
	r.sort()
	return r, nil
}

// streamMessage is one line of the `terraform plan -json` stream (machine-readable UI).
type streamMessage struct {
	Type       string `json:"type"`
	Message    string `json:"@message"`
	Diagnostic *struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Address  string `json:"address"`
	} `json:"diagnostic"`
	Change *struct {
		Resource struct {
			Addr         string `json:"addr"`
			ResourceType string `json:"resource_type"`
		} `json:"resource"`
		Action string `json:"action"`
	} `json:"change"`
}

func parseStream(data []byte) (*Report, error) {
	r := &Report{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	line := 0
	seen := false
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var m streamMessage
		if err := json.Unmarshal(text, &m); err != nil || m.Type == "" {
			return nil, fmt.Errorf("line %d is not a message of `terraform plan -json`, nor is the input a plan (`terraform show -json PLANFILE`)", line)
		}
		seen = true
		switch m.Type {
		case "diagnostic":
			if m.Diagnostic != nil && m.Diagnostic.Severity == "error" {
				msg := m.Diagnostic.Summary
				if m.Diagnostic.Address != "" {
					msg = m.Diagnostic.Address + ": " + msg
				}
				if d := strings.TrimSpace(m.Diagnostic.Detail); d != "" {
					msg += "\n" + d
				}
				r.Errors = append(r.Errors, msg)
			}
		case "resource_drift":
			if m.Change != nil {
				r.Resources = append(r.Resources, Resource{
					Platform: platformOf(m.Change.Resource.ResourceType),
					Address:  m.Change.Resource.Addr,
					Type:     m.Change.Resource.ResourceType,
					Action:   m.Change.Action,
				})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the plan stream: %w", err)
	}
	if !seen {
		return nil, errors.New("no message of `terraform plan -json` found")
	}
	r.sort()
	return r, nil
}

func (r *Report) sort() {
	sort.SliceStable(r.Resources, func(i, j int) bool {
		a, b := r.Resources[i], r.Resources[j]
		if ra, rb := platformRank(a.Platform), platformRank(b.Platform); ra != rb {
			return ra < rb
		}
		if a.Platform != b.Platform {
			return a.Platform < b.Platform
		}
		return a.Address < b.Address
	})
	sort.Slice(r.Outputs, func(i, j int) bool { return r.Outputs[i].Name < r.Outputs[j].Name })
}
