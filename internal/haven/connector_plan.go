package haven

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Flavors are the documented connector flavors (reference §2; the full enum is not established).
var Flavors = []string{
	"web_cloud", "dropbox_cloud", "exchange_cloud", "imap_cloud", "jive_cloud", "sharepoint_cloud",
	"twitter_cloud", "filesystem_onsite", "sharepoint_onsite", "web_onsite",
}

// NamePattern is the allowed connector name. Only the 100-character maximum is documented; the
// character set is an inference (reference §2), kept here so it is easy to change.
var NamePattern = regexp.MustCompile(`^[A-Za-z0-9_\-]{1,100}$`)

// NameRule describes NamePattern for error messages.
const NameRule = "1 to 100 characters among A-Z, a-z, 0-9, underscore (_) and hyphen (-)"

// MinOnsiteInterval is the smallest schedule interval of an onsite connector, in seconds.
const MinOnsiteInterval = 21600

// jsonObject validates a JSON attribute that must hold an object passing check.
type jsonObject struct {
	what  string
	check func(obj map[string]any) error
}

func (v jsonObject) Description(context.Context) string { return "must be a JSON object: " + v.what }

func (v jsonObject) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v jsonObject) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	obj, err := parseObject(req.ConfigValue.ValueString())
	if err == nil && v.check != nil {
		err = v.check(obj)
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s; %s.", req.Path, err, v.what))
	}
}

func parseObject(s string) (map[string]any, error) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("is not valid JSON (%w)", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("must be a JSON object (use jsonencode({ ... }))")
	}
	return obj, nil
}

func anyObject(what string) jsonObject { return jsonObject{what: what} }

// destinationObject: action is required, and index when the action is addtotextindex.
var destinationObject = jsonObject{
	what: `it needs "action" (e.g. "addtotextindex") and, for addtotextindex, "index"`,
	check: func(obj map[string]any) error {
		action, _ := obj["action"].(string)
		if action == "" {
			return fmt.Errorf(`has no "action"`)
		}
		if index, _ := obj["index"].(string); action == "addtotextindex" && index == "" {
			return fmt.Errorf(`has action "addtotextindex" but no "index"`)
		}
		return nil
	},
}

// scheduleObject: frequency with frequency_type "seconds" and a positive interval.
var scheduleObject = jsonObject{
	what: `it needs "frequency": { "frequency_type": "seconds", "interval": <seconds> }`,
	check: func(obj map[string]any) error {
		_, err := scheduleInterval(obj)
		return err
	},
}

func scheduleInterval(obj map[string]any) (float64, error) {
	freq, ok := obj["frequency"].(map[string]any)
	if !ok {
		return 0, fmt.Errorf(`has no "frequency" object`)
	}
	if ft, _ := freq["frequency_type"].(string); ft != "seconds" {
		return 0, fmt.Errorf(`has frequency.frequency_type %v; the only documented value is "seconds"`, jsonText(freq["frequency_type"]))
	}
	interval, ok := freq["interval"].(float64)
	if !ok || interval <= 0 {
		return 0, fmt.Errorf("has frequency.interval %v; it must be a positive number of seconds", jsonText(freq["interval"]))
	}
	return interval, nil
}

// credentialsPolicyObject: notification_email is required.
var credentialsPolicyObject = jsonObject{
	what: `it needs "notification_email" (where decryption tokens are sent)`,
	check: func(obj map[string]any) error {
		if email, _ := obj["notification_email"].(string); strings.TrimSpace(email) == "" {
			return fmt.Errorf(`has no "notification_email"`)
		}
		return nil
	},
}

func jsonText(v any) string {
	if v == nil {
		return "missing"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// checkFlavorConfig checks the documented required keys and limits of a flavor's config
// (reference §4.4, documented for web_cloud only); other flavors' configs, web_onsite's included,
// are passed through as they are.
func checkFlavorConfig(flavor string, obj map[string]any) error {
	switch flavor {
	case "web_cloud":
		if u, _ := obj["url"].(string); strings.TrimSpace(u) == "" {
			return fmt.Errorf(`has no "url"; %s connectors crawl from one start URL`, flavor)
		}
		if v, ok := obj["max_pages"]; ok {
			if n, isNum := v.(float64); !isNum || n < 10 || n > 1000000 {
				return fmt.Errorf("has max_pages %s; it must be a number from 10 to 1000000", jsonText(v))
			}
		}
		if v, ok := obj["duration"]; ok {
			if n, isNum := v.(float64); !isNum || n < 60 {
				return fmt.Errorf("has duration %s; it must be at least 60 seconds", jsonText(v))
			}
		}
	}
	return nil
}

// ValidateConfig makes the checks that need several attributes: onsite schedules, and
// credentials with their policy and version.
func (r *ConnectorResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m connectorModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Flavor.IsUnknown() && IsOnsite(m.Flavor.ValueString()) && !m.Schedule.IsUnknown() {
		if m.Schedule.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Missing schedule for an onsite connector",
				fmt.Sprintf("Flavor %s is an onsite connector, which Haven OnDemand cannot start remotely: it needs a schedule with an interval of at least %d seconds (six hours).", m.Flavor.ValueString(), MinOnsiteInterval))
		} else if obj, err := parseObject(m.Schedule.ValueString()); err == nil {
			if interval, err := scheduleInterval(obj); err == nil && interval < MinOnsiteInterval {
				resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Schedule interval too short for an onsite connector",
					fmt.Sprintf("Flavor %s is an onsite connector: its schedule interval must be at least %d seconds (six hours), got %v.", m.Flavor.ValueString(), MinOnsiteInterval, interval))
			}
		}
	}
	if !m.Flavor.IsUnknown() && !m.Config.IsNull() && !m.Config.IsUnknown() {
		if obj, err := parseObject(m.Config.ValueString()); err == nil {
			if err := checkFlavorConfig(m.Flavor.ValueString(), obj); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("config"), "Invalid config for flavor "+m.Flavor.ValueString(), "config "+err.Error()+".")
			}
		}
	}
	if !m.CredentialsWO.IsNull() && !m.CredentialsWO.IsUnknown() {
		if m.CredentialsPolicy.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("credentials_policy"), "Missing credentials_policy",
				"credentials_wo needs a credentials_policy with notification_email: Haven OnDemand stores credentials encrypted and emails the decryption tokens there.")
		}
		if m.CredentialsWOVersion.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("credentials_wo_version"), "Missing credentials_wo_version",
				"credentials_wo is write-only, so Terraform cannot compare it with what Haven OnDemand holds: set credentials_wo_version (any number), and change it to send the credentials again.")
		}
	}
}

// ModifyPlan plans sending credentials_wo when it changed without a version bump
// (planCredentialsChange), and warns, when a plan destroys or replaces a cloud connector that is running right now,
// what destroy will do about the run: stop it first (stop_before_delete = true, the state's value,
// which is what Delete uses) or fail. The status can change before apply, so it is a warning; a
// status that cannot be read costs no diagnostic, since Delete reads it again.
func (r *ConnectorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planCredentialsChange(ctx, req, resp)
	if !r.Ready() || req.State.Raw.IsNull() {
		return
	}
	var state connectorModel
	if diags := req.State.Get(ctx, &state); diags.HasError() {
		return
	}
	verb := "Destroying"
	if !req.Plan.Raw.IsNull() {
		var plan connectorModel
		if diags := req.Plan.Get(ctx, &plan); diags.HasError() || (plan.Name.Equal(state.Name) && plan.Flavor.Equal(state.Flavor)) {
			return
		}
		verb = "Replacing"
	}
	name := state.ID.ValueString()
	if name == "" || IsOnsite(state.Flavor.ValueString()) {
		return
	}
	st, err := r.Client.ConnectorStatus(ctx, name)
	if err != nil {
		tflog.Debug(ctx, "connector status unavailable for the destroy warning", map[string]any{"connector": name, "error": err.Error()})
		return
	}
	if !IsRunning(st.Status) {
		return
	}
	summary := fmt.Sprintf("%s running Haven OnDemand connector %s", verb, name)
	switch {
	case st.Status == "STOPPING":
		resp.Diagnostics.AddWarning(summary, fmt.Sprintf("Connector %s is stopping (status STOPPING): destroy waits until it is stopped, then deletes it.", name))
	case state.StopBeforeDelete.ValueBool():
		resp.Diagnostics.AddWarning(summary, fmt.Sprintf("Connector %s is running (status %s): destroy stops the run (stopconnector), waits until it is stopped, then deletes it.", name, st.Status))
	default:
		resp.Diagnostics.AddWarning(summary, fmt.Sprintf("Connector %s is running (status %s) and stop_before_delete is false: if it is still running when destroy reaches it, "+
			"destroy fails, because Haven OnDemand refuses to delete a running connector.\n\n"+
			"Wait for the run to end, stop it yourself, or set stop_before_delete = true and run `terraform apply` before `terraform destroy`.", name, st.Status))
	}
}
