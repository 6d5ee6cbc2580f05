package elasticsearch

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// fromAPI maps every field the API returns, so out-of-band changes show as drift.
func (m *connectorModel) fromAPI(c *Connector) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = types.StringPointerValue(c.Name)
	m.Description = types.StringPointerValue(c.Description)
	m.IndexName = types.StringPointerValue(c.IndexName)
	m.ServiceType = types.StringPointerValue(c.ServiceType)
	m.Language = types.StringPointerValue(c.Language)
	m.IsNative = types.BoolValue(c.IsNative)
	m.Status = types.StringValue(c.Status)
	m.APIKeyID = types.StringPointerValue(c.APIKeyID)
	m.APIKeySecretID = types.StringPointerValue(c.APIKeySecretID)
	sched, d := schedulingValue(c.Scheduling, m.Scheduling)
	diags.Append(d...)
	m.Scheduling = sched
	pipeline, d := pipelineValue(c.Pipeline)
	diags.Append(d...)
	m.Pipeline = pipeline
	m.ConfigurationValues = managedValues(m.ConfigurationValues, c.Configuration)
	diags.Append(m.fromAPISync(c)...)
	return diags
}

// schedulingValue maps the connector's schedules. Elasticsearch stores an interval upper-cased
// (its Cron class does), so an interval of prior (the state or plan) that differs from the stored
// one only in case is kept as written: "0 0 9 ? * mon-fri" is no drift from "0 0 9 ? * MON-FRI".
func schedulingValue(s map[string]Schedule, prior types.Object) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	attrs := map[string]attr.Value{}
	for _, k := range scheduleKinds {
		sc, ok := s[k]
		if !ok {
			attrs[k] = types.ObjectNull(scheduleAttrTypes)
			continue
		}
		interval := sc.Interval
		if written, ok := priorInterval(prior, k); ok && strings.EqualFold(written, interval) {
			interval = written
		}
		v, d := types.ObjectValue(scheduleAttrTypes, map[string]attr.Value{"enabled": types.BoolValue(sc.Enabled), "interval": types.StringValue(interval)})
		diags.Append(d...)
		attrs[k] = v
	}
	obj, d := types.ObjectValue(schedulingAttrTypes, attrs)
	diags.Append(d...)
	return obj, diags
}

// priorInterval is the interval of one schedule of a scheduling value, when it is known.
func priorInterval(scheduling types.Object, kind string) (string, bool) {
	if scheduling.IsNull() || scheduling.IsUnknown() {
		return "", false
	}
	sched, ok := scheduling.Attributes()[kind].(types.Object)
	if !ok || sched.IsNull() || sched.IsUnknown() {
		return "", false
	}
	interval, ok := sched.Attributes()["interval"].(types.String)
	if !ok || interval.IsNull() || interval.IsUnknown() {
		return "", false
	}
	return interval.ValueString(), true
}

// pipelineValue is the pipeline attribute of the resource and the data sources: null when the
// connector has no pipeline settings.
func pipelineValue(p *Pipeline) (types.Object, diag.Diagnostics) {
	if p == nil {
		return types.ObjectNull(pipelineAttrTypes), nil
	}
	return types.ObjectValue(pipelineAttrTypes, map[string]attr.Value{
		"name": types.StringValue(p.Name), "extract_binary_content": types.BoolValue(p.ExtractBinaryContent),
		"reduce_whitespace": types.BoolValue(p.ReduceWhitespace), "run_ml_inference": types.BoolValue(p.RunMLInference),
	})
}

// managedValues reads back the configuration values of the keys the configuration manages; a
// key that the server no longer has is left out so that the difference shows.
func managedValues(prior jsontypes.Normalized, config map[string]ConfigurationEntry) jsontypes.Normalized {
	if prior.IsNull() || prior.IsUnknown() {
		return prior
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal([]byte(prior.ValueString()), &keys) != nil {
		return prior
	}
	out := map[string]json.RawMessage{}
	for k := range keys {
		if e, ok := config[k]; ok {
			v := e.Value
			if len(v) == 0 {
				v = json.RawMessage("null")
			}
			out[k] = v
		}
	}
	b, _ := json.Marshal(out)
	return jsontypes.NewNormalizedValue(string(b))
}

// changedSchedules returns the known schedules of plan that differ from prior.
func changedSchedules(plan, prior types.Object) map[string]Schedule {
	out := map[string]Schedule{}
	for _, k := range scheduleKinds {
		s, ok := knownSchedule(plan, k)
		if !ok {
			continue
		}
		if p, ok := knownSchedule(prior, k); ok && p == s {
			continue
		}
		out[k] = s
	}
	return out
}

// knownSchedule is schedule kind of a scheduling object, when it is known.
func knownSchedule(scheduling types.Object, kind string) (Schedule, bool) {
	if scheduling.IsNull() || scheduling.IsUnknown() {
		return Schedule{}, false
	}
	v, ok := scheduling.Attributes()[kind].(types.Object)
	if !ok || v.IsNull() || v.IsUnknown() {
		return Schedule{}, false
	}
	enabled, _ := v.Attributes()["enabled"].(types.Bool)
	interval, _ := v.Attributes()["interval"].(types.String)
	if enabled.IsUnknown() || interval.IsUnknown() {
		return Schedule{}, false
	}
	return Schedule{Enabled: enabled.ValueBool(), Interval: interval.ValueString()}, true
}

// defaultSchedule is every schedule of a new connector (ConnectorScheduling's default).
var defaultSchedule = Schedule{Enabled: false, Interval: "0 0 0 * * ?"}

// schedulesToSend is what _scheduling gets when plan changes a schedule: the changed ones, and,
// before Elasticsearch 8.14 (whose parser requires all three, elasticsearch#107090), the others
// too: from the plan, else from prior, else a new connector's default.
func (r *ConnectorResource) schedulesToSend(ctx context.Context, plan, prior types.Object) map[string]Schedule {
	out := changedSchedules(plan, prior)
	if len(out) == 0 {
		return nil
	}
	if info, err := r.Client.Info(ctx); err == nil && info.AtLeast(8, 14) {
		return out
	}
	for _, k := range scheduleKinds {
		if _, ok := out[k]; ok {
			continue
		}
		s, ok := knownSchedule(plan, k)
		if !ok {
			s, ok = knownSchedule(prior, k)
		}
		if !ok {
			s = defaultSchedule
		}
		out[k] = s
	}
	return out
}

func pipelineFrom(_ context.Context, v types.Object) (Pipeline, bool) {
	if v.IsNull() || v.IsUnknown() {
		return Pipeline{}, false
	}
	a := v.Attributes()
	name, _ := a["name"].(types.String)
	ebc, _ := a["extract_binary_content"].(types.Bool)
	rw, _ := a["reduce_whitespace"].(types.Bool)
	ml, _ := a["run_ml_inference"].(types.Bool)
	if name.IsUnknown() || ebc.IsUnknown() || rw.IsUnknown() || ml.IsUnknown() {
		return Pipeline{}, false
	}
	return Pipeline{Name: name.ValueString(), ExtractBinaryContent: ebc.ValueBool(), ReduceWhitespace: rw.ValueBool(), RunMLInference: ml.ValueBool()}, true
}

func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}
