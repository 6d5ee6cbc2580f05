package main

import (
	"maps"
	"testing"
)

func TestSilenceUnreadLogs(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want map[string]string
	}{
		"nobody asked for logs": {
			env: map[string]string{"PATH": "/bin"},
			want: map[string]string{"PATH": "/bin", "TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off",
				"TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_SYNCOPS": "off"},
		},
		"TF_LOG":                  {env: map[string]string{"TF_LOG": "TRACE"}, want: map[string]string{"TF_LOG": "TRACE"}},
		"TF_LOG_PROVIDER":         {env: map[string]string{"TF_LOG_PROVIDER": "DEBUG"}, want: map[string]string{"TF_LOG_PROVIDER": "DEBUG"}},
		"TF_LOG_PROVIDER_SYNCOPS": {env: map[string]string{"TF_LOG_PROVIDER_SYNCOPS": "INFO"}, want: map[string]string{"TF_LOG_PROVIDER_SYNCOPS": "INFO"}},
		"an SDK level":            {env: map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, want: map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}},
	} {
		t.Run(name, func(t *testing.T) {
			env := maps.Clone(tc.env)
			silenceUnreadLogs(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if !maps.Equal(env, tc.want) {
				t.Errorf("environment after: %v, want %v", env, tc.want)
			}
		})
	}
}
