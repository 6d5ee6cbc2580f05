package reliability

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emues "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
	emuhaven "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// The credentials of the secrets test. They are not the emulator defaults (a leak of a default
// could hide behind a test fixture that prints it), and most carry '+', '/' and '=' so that their
// URL-encoded and JSON-escaped forms differ from the raw value and are searched for too. JIM and
// Haven keys keep the shape their platform checks.
const (
	secretJIMKey         = "jim_ak_" + "5ec7e75e" + "c7e75ec7" + "e75ec7e7" + "5ec7e75e" + "c7e75ec7" + "e75ec7e7" + "5ec7e75e" + "c7e75ec7"
	secretPolytomicKey   = "pt-api+Key/Sec=42-a7f3"
	secretDeploymentKey  = "pt-deploy+Key/Sec=7-c2d9"
	secretESKeyInner     = "es-api+Key/Sec=13-b4e8"
	secretESPassword     = "es-basic+Pass/Sec=21-9d0c"
	secretHavenKey       = "hod-secret-key_7c1f9e2a4b6d8f0a3e5c"
	secretLDAPPassword   = "ldap-Bind+Pw/Sec=1-e6a2"
	secretPGPassword     = "pg-Pass+word/Sec=2-f1b7"
	secretPGBasicPass    = "pg-basic+Pw/Sec=5-0a3d"
	secretMySQLPassword  = "es-mysql+Pw/Sec=3-7c5e"
	secretMySQLBasicPass = "es-mysql-basic+Pw/Sec=6-3f8a"
	secretCrawlerPass    = "hod-crawler+Pw/Sec=4-2b9e"
	// Write-only values in fields whose names do not look secret: only the provider knows to
	// hide them.
	secretPGCACert = "-----BEGIN CERTIFICATE-----pg-ca+Cert/Sec=8-5e1f-----END CERTIFICATE-----"
	secretMySQLDSN = "mysql://sync:dsn+Pw/Sec=9-4c7a@db.example.com:3306/app"
	// Polytomic's csv schema marks no auth value sensitive, so Polytomic returns these in clear
	// on every read: the provider must hide them by itself, in logs, state and imports.
	secretCSVHeaderKey = "csv-header+Key/Sec=10-8d2b"
	secretCSVPassword  = "csv-basic+Pw/Sec=11-6e4c"

	// Wrong credentials of the error runs: a rejected key must not show in the error either.
	wrongJIMKey        = "jim_ak_" + "badbadba" + "dbadbadb" + "adbadbad" + "badbadba" + "dbadbadb" + "adbadbad" + "badbadba" + "dbadbadb"
	wrongPolytomicKey  = "pt-wrong+Key/Sec=99-e0e0"
	wrongDeploymentKey = "pt-wrong-deploy+Key/Sec=98-d1d1"
	wrongESKeyInner    = "es-wrong+Key/Sec=97-c2c2"
	wrongESPassword    = "es-wrong+Pass/Sec=96-b3b3"
	wrongHavenKey      = "hod-wrong-key_0e1d2c3b4a59687766"

	esUsername = "elastic"
	esKeyID    = "secrets-test"
)

// esAPIKey is the encoded API key as Elasticsearch hands it out: base64("<id>:<key>").
func esAPIKey(inner string) string {
	return base64.StdEncoding.EncodeToString([]byte(esKeyID + ":" + inner))
}

// secretValue is one value that must never appear, with the name the test reports it by.
type secretValue struct{ name, value string }

// secretForms returns every way a value can travel: raw, URL-encoded (query, form, path),
// JSON-escaped and base64 (an Authorization header, a Basic credential).
func secretForms(name, v string) []secretValue {
	out := []secretValue{{name, v}}
	add := func(form, s string) {
		for _, o := range out {
			if o.value == s {
				return
			}
		}
		out = append(out, secretValue{name + " (" + form + ")", s})
	}
	add("query-escaped", url.QueryEscape(v))
	add("path-escaped", url.PathEscape(v))
	if b, err := json.Marshal(v); err == nil {
		add("JSON-escaped", string(b[1:len(b)-1]))
		// Some encoders escape the slash too.
		add("JSON-escaped", strings.ReplaceAll(string(b[1:len(b)-1]), "/", `\/`))
	}
	add("base64", base64.StdEncoding.EncodeToString([]byte(v)))
	add("base64url", base64.RawURLEncoding.EncodeToString([]byte(v)))
	return out
}

// secretsScenario is one provider configuration of the secrets test.
type secretsScenario struct {
	name string
	// env holds the credentials (never in the HCL) and the write-only values (TF_VAR_...).
	env []string
	// wrongEnv replaces every credential with a wrong one, for the error run.
	wrongEnv []string
	// config returns the configuration; esSecrets adds the Elasticsearch configuration secret,
	// which Elasticsearch only accepts once the connector service registered the field.
	config func(esSecrets bool) string
	// registerES is what the connector service does once the connector exists.
	registerES func()
	// imports are the resources re-imported after `state rm`, with how their import id is
	// derived from the state attributes.
	imports []importTarget
	// platforms are the transport names whose API request lines the logs must contain.
	platforms []string
	// emulatorKeys are the emulator's object counts that must be zero after destroy.
	emulatorKeys map[string][]string
}

type importTarget struct {
	address string
	id      func(attrs map[string]any) string
}

// TestSecretsNeverLeak is issue 7's secrets promise, for every platform and every way of
// authenticating: through apply, refresh, plan, import, failing runs (wrong credentials, dropped
// connections) and destroy, no API key, password, Basic credential or write-only value reaches a
// TRACE log, the state file, the plan JSON or terraform's output.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	jo := emujim.DefaultOptions()
	jo.APIKey = secretJIMKey
	jo.JobDelay = 300 * time.Millisecond
	jo.RateLimit = 0
	emu := acctest.StartEmulator(t,
		emujim.New(jo),
		emupolytomic.New(emupolytomic.Options{APIKey: secretPolytomicKey, DeploymentKey: secretDeploymentKey}),
		emues.New(emues.Options{Username: esUsername, Password: secretESPassword, APIKey: esAPIKey(secretESKeyInner)}),
		emuhaven.New(emuhaven.Options{APIKey: secretHavenKey, JobDelay: 200 * time.Millisecond}),
	)

	// onWire are the values a request carries (the Basic credentials base64-encoded).
	onWire := []secretValue{
		{"JIM API key", secretJIMKey},
		{"Polytomic API key", secretPolytomicKey},
		{"Polytomic Basic credential", emupolytomic.DefaultOrganizationID + ":" + secretDeploymentKey},
		{"Elasticsearch API key", esAPIKey(secretESKeyInner)},
		{"Elasticsearch Basic credential", esUsername + ":" + secretESPassword},
		{"Haven API key", secretHavenKey},
		{"JIM LDAP bind password (secret_settings_wo)", secretLDAPPassword},
		{"Polytomic password (sensitive_configuration_wo)", secretPGPassword},
		{"Polytomic password, deployment key run (sensitive_configuration_wo)", secretPGBasicPass},
		{"Elasticsearch MySQL password (configuration_secrets_wo)", secretMySQLPassword},
		{"Elasticsearch MySQL password, Basic run (configuration_secrets_wo)", secretMySQLBasicPass},
		{"Haven crawler password (credentials_wo)", secretCrawlerPass},
		{"Polytomic CA certificate (sensitive_configuration_wo ca_cert)", secretPGCACert},
		{"Elasticsearch MySQL DSN (configuration_secrets_wo dsn)", secretMySQLDSN},
		{"Polytomic csv auth.header.value (published unmarked, returned in clear)", secretCSVHeaderKey},
		{"Polytomic csv auth.basic.password (published unmarked, returned in clear)", secretCSVPassword},
		{"wrong JIM API key", wrongJIMKey},
		{"wrong Polytomic API key", wrongPolytomicKey},
		{"wrong Polytomic Basic credential", emupolytomic.DefaultOrganizationID + ":" + wrongDeploymentKey},
		{"wrong Elasticsearch API key", esAPIKey(wrongESKeyInner)},
		{"wrong Elasticsearch Basic credential", esUsername + ":" + wrongESPassword},
		{"wrong Haven API key", wrongHavenKey},
	}
	// Parts of a credential travel only inside it, encoded; alone they must not show either.
	parts := []secretValue{
		{"Polytomic deployment key", secretDeploymentKey},
		// The Basic form used without an organization id.
		{"Polytomic Basic credential without organization", secretDeploymentKey + ":"},
		{"Elasticsearch API key secret part", secretESKeyInner},
		{"Elasticsearch password", secretESPassword},
		{"wrong Polytomic deployment key", wrongDeploymentKey},
		{"wrong Elasticsearch API key secret part", wrongESKeyInner},
		{"wrong Elasticsearch password", wrongESPassword},
	}
	values := append(append([]secretValue(nil), onWire...), parts...)
	wire := newWireRecorder(t, emu.URL, onWire)
	var secrets []secretValue
	for _, s := range values {
		secrets = append(secrets, secretForms(s.name, s.value)...)
	}

	registerES := func(id string) func() {
		return func() {
			status, body := emu.Raw(http.MethodPut, "/_connector/"+id+"/_configuration", json.RawMessage(`{"configuration":{
				"host":{"label":"Host","display":"textbox","value":""},
				"password":{"label":"Password","display":"textbox","sensitive":true,"value":""},
				"dsn":{"label":"Connection string","display":"textbox","sensitive":true,"value":""}}}`),
				http.Header{"Authorization": {"ApiKey " + esAPIKey(secretESKeyInner)}})
			if status >= 300 {
				t.Fatalf("registering the configuration of Elasticsearch connector %s: HTTP %d: %s", id, status, body)
			}
		}
	}
	byID := func(attrs map[string]any) string { return fmt.Sprint(attrs["id"]) }
	byName := func(attrs map[string]any) string { return fmt.Sprint(attrs["name"]) }

	scenarios := []secretsScenario{
		{
			name: "api-keys",
			env: append(urlEnv(wire.URL, "JIM", "Polytomic", "Elasticsearch", "Haven"),
				"JIM_API_KEY="+secretJIMKey,
				"POLYTOMIC_API_KEY="+secretPolytomicKey,
				"ELASTICSEARCH_API_KEY="+esAPIKey(secretESKeyInner),
				"HAVEN_API_KEY="+secretHavenKey,
				"TF_VAR_ldap_password="+secretLDAPPassword,
				"TF_VAR_pg_password="+secretPGPassword,
				"TF_VAR_mysql_password="+secretMySQLPassword,
				"TF_VAR_crawler_password="+secretCrawlerPass,
				"TF_VAR_pg_ca_cert="+secretPGCACert,
				"TF_VAR_mysql_dsn="+secretMySQLDSN,
				"TF_VAR_csv_header_key="+secretCSVHeaderKey,
				"TF_VAR_csv_password="+secretCSVPassword,
			),
			wrongEnv: []string{
				"JIM_API_KEY=" + wrongJIMKey,
				"POLYTOMIC_API_KEY=" + wrongPolytomicKey,
				"ELASTICSEARCH_API_KEY=" + esAPIKey(wrongESKeyInner),
				"HAVEN_API_KEY=" + wrongHavenKey,
			},
			config:     apiKeysConfig,
			registerES: registerES("secrets-mysql"),
			imports: []importTarget{
				{"syncops_jim_connected_system.ldap", byID},
				// By name, so that the by-name lookup (a list call) is scanned too.
				{"syncops_polytomic_connection.warehouse", func(a map[string]any) string { return "name:" + fmt.Sprint(a["name"]) }},
				{"syncops_polytomic_connection.prices", byID},
				{"syncops_elasticsearch_connector.mysql", byID},
				{"syncops_haven_connector.site", byName},
			},
			platforms: []string{"JIM", "Polytomic", "Elasticsearch", "Haven"},
			emulatorKeys: map[string][]string{
				"jim": {"connectedSystems"}, "polytomic": {"connections"}, "elasticsearch": {"connectors"}, "haven": {"connectors"},
			},
		},
		{
			name: "basic-auth",
			env: append(urlEnv(wire.URL, "Polytomic", "Elasticsearch"),
				"POLYTOMIC_DEPLOYMENT_KEY="+secretDeploymentKey,
				"POLYTOMIC_ORGANIZATION_ID="+emupolytomic.DefaultOrganizationID,
				"ELASTICSEARCH_USERNAME="+esUsername,
				"ELASTICSEARCH_PASSWORD="+secretESPassword,
				"TF_VAR_pg_password="+secretPGBasicPass,
				"TF_VAR_mysql_password="+secretMySQLBasicPass,
			),
			wrongEnv: []string{
				"POLYTOMIC_DEPLOYMENT_KEY=" + wrongDeploymentKey,
				"ELASTICSEARCH_PASSWORD=" + wrongESPassword,
			},
			config:     basicAuthConfig,
			registerES: registerES("secrets-basic"),
			imports: []importTarget{
				{"syncops_polytomic_connection.basic", byID},
				{"syncops_elasticsearch_connector.basic", byID},
			},
			platforms:    []string{"Polytomic", "Elasticsearch"},
			emulatorKeys: map[string][]string{"polytomic": {"connections"}, "elasticsearch": {"connectors"}},
		},
	}

	totals := map[string]*scanned{}
	for _, sc := range scenarios {
		runSecretsScenario(t, emu, sc, secrets, totals)
		if t.Failed() {
			break
		}
	}

	for _, name := range wire.missing() {
		t.Errorf("the %s never reached the emulator: finding it nowhere proves nothing", name)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "secrets: %d requests through the recording proxy carried %d of %d credentials and write-only values\n", wire.requestCount(), len(onWire)-len(wire.missing()), len(onWire))
	fmt.Fprintf(&b, "secrets: %d secret forms (%d values) searched in every source:\n", len(secrets), len(values))
	kinds := make([]string, 0, len(totals))
	for k := range totals {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-16s %3d scans, %9d bytes\n", k, totals[k].scans, totals[k].bytes)
	}
	t.Log(b.String())
	fmt.Print(b.String())
}

// scanned totals what one kind of source (TRACE logs, state, plan JSON, output) held.
type scanned struct{ scans, bytes int }

// secretsRun drives one scenario's terraform runs, each with its own TRACE log, and scans
// everything they leave behind.
type secretsRun struct {
	t       *testing.T
	w       *acctest.Workdir
	sc      secretsScenario
	secrets []secretValue
	logDir  string
	step    int
	totals  map[string]*scanned
	// requestLines counts, per platform, the API request lines seen in the logs.
	requestLines map[string]int
}

func runSecretsScenario(t *testing.T, emu *acctest.Emulator, sc secretsScenario, secrets []secretValue, totals map[string]*scanned) {
	t.Helper()
	r := &secretsRun{
		t: t, sc: sc, secrets: secrets, totals: totals,
		logDir:       secretsLogDir(t, sc.name),
		requestLines: map[string]int{},
	}
	r.w = acctest.NewWorkdir(t, sc.config(false), sc.env...)
	// Apply, then (once the connector service registered the field) the Elasticsearch secret.
	r.mustRun("apply", "apply", "-auto-approve", "-input=false")
	sc.registerES()
	r.w.SetConfig(sc.config(true))
	r.mustRun("apply-es-secret", "apply", "-auto-approve", "-input=false")

	r.mustRun("refresh", "apply", "-refresh-only", "-auto-approve", "-input=false")

	// Plan JSON: the saved plan as `terraform show -json` renders it.
	if out, err := r.run("plan", nil, "plan", "-out=secrets.tfplan", "-detailed-exitcode", "-input=false"); err != nil {
		t.Errorf("%s: the plan after apply is not empty (%v):\n%s", sc.name, err, r.redact(tail(out)))
	}
	planJSON := r.mustRun("show-plan-json", "show", "-json", "secrets.tfplan")
	r.scan("plan JSON", sc.name+" plan JSON", planJSON)
	if !strings.Contains(planJSON, `"resource_changes"`) {
		t.Errorf("%s: `terraform show -json` did not render a plan: %.300s", sc.name, planJSON)
	}

	// Import: forget each resource and import it again (by id, or by name where the platform has
	// names), then apply, which sends the write-only values again (the imported state has no
	// *_wo_version).
	attrs := r.stateAttributes()
	for _, imp := range sc.imports {
		a, ok := attrs[imp.address]
		if !ok {
			t.Fatalf("%s: %s is not in the state", sc.name, imp.address)
		}
		id := imp.id(a)
		r.mustRun("state-rm", "state", "rm", imp.address)
		r.mustRun("import", "import", "-input=false", imp.address, id)
	}
	r.mustRun("apply-after-import", "apply", "-auto-approve", "-input=false")

	// Wrong credentials: every platform refuses, and the error names neither the wrong key nor
	// the right one.
	out, err := r.run("wrong-credentials", sc.wrongEnv, "plan", "-input=false")
	if err == nil {
		t.Errorf("%s: a plan with wrong credentials succeeded:\n%s", sc.name, r.redact(tail(out)))
	}
	if n := strings.Count(out, "Error: "); n < len(sc.imports) {
		t.Errorf("%s: want one error per resource (%d) with wrong credentials, got %d:\n%s", sc.name, len(sc.imports), n, r.redact(tail(out)))
	}

	// Connections reset on every request: errors built from net/http's (which quote the URL, and
	// with it Haven's apikey parameter) must be masked too. Straight to the emulator: the
	// recording proxy would turn a reset into a 502.
	emu.Fault(emulator.FaultRule{Rate: 1, Kinds: []string{emulator.FaultReset}, Seed: 1})
	out, err = r.run("connection-resets", urlEnv(emu.URL, sc.platforms...), "plan", "-input=false")
	emu.Call(http.MethodDelete, "/_emulator/faults", nil, nil)
	if err == nil {
		t.Errorf("%s: a plan whose every request was reset succeeded:\n%s", sc.name, r.redact(tail(out)))
	}

	r.mustRun("destroy", "destroy", "-auto-approve", "-input=false")
	state := emu.State()
	for platform, keys := range sc.emulatorKeys {
		for _, k := range keys {
			if n := state[platform][k]; n != 0 {
				t.Errorf("%s: after destroy the %s emulator still holds %d %s", sc.name, platform, n, k)
			}
		}
	}

	for _, p := range append([]string{"(header lines)", "(body lines)", "(masked values)"}, sc.platforms...) {
		if r.requestLines[p] == 0 {
			t.Errorf("%s: the TRACE logs hold no API request line for %s: the scan would prove nothing", sc.name, p)
		}
	}
	t.Logf("%s: %d terraform runs; API request lines in the logs: %v", sc.name, r.step, r.requestLines)
}

// secretsLogDir is where the TRACE logs go: a temporary directory, or SECRETS_LOG_DIR/<scenario>
// to read them after the test.
func secretsLogDir(t *testing.T, scenario string) string {
	dir := os.Getenv("SECRETS_LOG_DIR")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, scenario)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// run runs one terraform command with TF_LOG=TRACE into its own log file, then scans the log,
// the output and the state files.
func (r *secretsRun) run(step string, env []string, args ...string) (string, error) {
	r.t.Helper()
	r.step++
	name := fmt.Sprintf("%02d-%s", r.step, step)
	logPath := filepath.Join(r.logDir, name+".log")
	var out bytes.Buffer
	cmd := r.w.Command(&out, args...)
	// Later entries win: env (wrong credentials) overrides the scenario's.
	cmd.Env = append(append(append([]string(nil), r.w.Env...), "TF_LOG=TRACE", "TF_LOG_PATH="+logPath), env...)
	err := cmd.Run()
	where := r.sc.name + " " + name

	// Colours are taken out (a secret could be split by one), for the scan and for readable
	// failures.
	output := ansiEscape.ReplaceAllString(out.String(), "")
	r.scan("output", where+" output", output)
	if os.Getenv("SECRETS_LOG_DIR") != "" {
		_ = os.WriteFile(filepath.Join(r.logDir, name+".out"), []byte(output), 0o600)
	}
	log, readErr := os.ReadFile(logPath)
	if readErr != nil {
		r.t.Fatalf("%s: no TRACE log was written: %v", where, readErr)
	}
	r.scan("TRACE log", where+" log", string(log))
	r.countRequestLines(string(log))
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if data, err := os.ReadFile(filepath.Join(r.w.Dir, f)); err == nil {
			r.scan("state file", where+" "+f, string(data))
		}
	}
	return output, err
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func (r *secretsRun) mustRun(step string, args ...string) string {
	r.t.Helper()
	out, err := r.run(step, nil, args...)
	if err != nil {
		r.t.Fatalf("%s: terraform %s: %v\n%s", r.sc.name, strings.Join(args, " "), err, r.redact(tail(out)))
	}
	return out
}

// scan reports every secret form found in text, with its surroundings (the secret itself
// replaced by its name, so the failure message does not leak it further).
func (r *secretsRun) scan(kind, where, text string) {
	r.t.Helper()
	tot := r.totals[kind]
	if tot == nil {
		tot = &scanned{}
		r.totals[kind] = tot
	}
	tot.scans++
	tot.bytes += len(text)
	for _, l := range findSecrets(text, r.secrets) {
		r.t.Errorf("LEAK: %s holds the %s (%d occurrence(s)): ...%s...", where, l.secret, l.count, l.excerpt)
	}
}

// redact replaces every secret in text by its name, for failure messages.
func (r *secretsRun) redact(text string) string {
	return redactSecrets(text, r.secrets)
}

func redactSecrets(text string, secrets []secretValue) string {
	byLength := append([]secretValue(nil), secrets...)
	// Longest first, so that a secret containing another is named whole.
	sort.SliceStable(byLength, func(i, j int) bool { return len(byLength[i].value) > len(byLength[j].value) })
	for _, s := range byLength {
		text = strings.ReplaceAll(text, s.value, "<"+s.name+">")
	}
	return text
}

// leak is one secret form found in a text.
type leak struct {
	secret  string
	count   int
	excerpt string
}

// findSecrets returns the secrets present in text, each with an excerpt around its first
// occurrence in which every secret is replaced by its name.
func findSecrets(text string, secrets []secretValue) []leak {
	var out []leak
	for _, s := range secrets {
		i := strings.Index(text, s.value)
		if i < 0 {
			continue
		}
		excerpt := redactSecrets(text[max(0, i-200):min(len(text), i+len(s.value)+100)], secrets)
		out = append(out, leak{secret: s.name, count: strings.Count(text, s.value), excerpt: excerpt})
	}
	return out
}

// TestFindSecrets pins the scanner itself: every form a secret travels in is found, and the
// report names the secret instead of repeating it.
func TestFindSecrets(t *testing.T) {
	t.Parallel()
	const pw = "pa+ss/wo=rd-1234"
	secrets := append(secretForms("password", pw), secretForms("Basic credential", "user:"+pw)...)
	for _, text := range []string{
		"password=" + pw,
		"GET /x?password=" + url.QueryEscape(pw),
		"GET /x/" + url.PathEscape(pw),
		`{"p":"` + strings.ReplaceAll(pw, "/", `\/`) + `"}`,
		"Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("user:"+pw)),
		"token " + base64.RawURLEncoding.EncodeToString([]byte(pw)),
	} {
		found := findSecrets("before "+text+" after", secrets)
		if len(found) == 0 {
			t.Errorf("no secret found in %q", text)
			continue
		}
		for _, l := range found {
			if strings.Contains(l.excerpt, pw) || !strings.Contains(l.excerpt, "<") {
				t.Errorf("the excerpt of %q repeats the secret or does not name it: %q", text, l.excerpt)
			}
		}
	}
	if found := findSecrets("Authorization: Basic ***, password=***", secrets); len(found) != 0 {
		t.Errorf("masked text reported as a leak: %+v", found)
	}
}

// countRequestLines counts the transport's "API request" log lines per platform, the TRACE
// header and body lines, and the values the masker replaced.
func (r *secretsRun) countRequestLines(log string) {
	for _, line := range strings.Split(log, "\n") {
		if !strings.Contains(line, "API request") {
			continue
		}
		switch {
		case strings.Contains(line, "API request headers:"):
			r.requestLines["(header lines)"]++
		case strings.Contains(line, "API request body:"):
			r.requestLines["(body lines)"]++
		}
		r.requestLines["(masked values)"] += strings.Count(line, "***")
		for _, p := range r.sc.platforms {
			if strings.Contains(line, "platform="+p) || strings.Contains(line, `platform="`+p) {
				r.requestLines[p]++
			}
		}
	}
}

// stateAttributes maps each resource address of the state file to its attributes.
func (r *secretsRun) stateAttributes() map[string]map[string]any {
	r.t.Helper()
	var st struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				Attributes map[string]any `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal([]byte(r.w.StateFile()), &st); err != nil {
		r.t.Fatalf("%s: reading the state file: %v", r.sc.name, err)
	}
	out := map[string]map[string]any{}
	for _, res := range st.Resources {
		if res.Mode == "managed" && len(res.Instances) == 1 {
			out[res.Type+"."+res.Name] = res.Instances[0].Attributes
		}
	}
	return out
}

// variablesHCL declares the write-only values as ephemeral variables: Terraform keeps them out of
// the plan file and the state, and the provider is the only one left to hold them back.
func variablesHCL(names ...string) string {
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "variable %q {\n  type      = string\n  sensitive = true\n  ephemeral = true\n}\n", n)
	}
	return b.String()
}

func apiKeysConfig(esSecrets bool) string {
	esSecret := ""
	if esSecrets {
		esSecret = `
  configuration_values             = jsonencode({ host = "db.example.com" })
  configuration_secrets_wo         = jsonencode({ password = var.mysql_password, dsn = var.mysql_dsn })
  configuration_secrets_wo_version = 1`
	}
	return fmt.Sprintf(`
# URLs and credentials come from the environment: JIM_URL and JIM_API_KEY,
# POLYTOMIC_DEPLOYMENT_URL and POLYTOMIC_API_KEY, ELASTICSEARCH_ENDPOINTS and ELASTICSEARCH_API_KEY,
# HAVEN_URL and HAVEN_API_KEY.
provider "syncops" {
  jim {
    rate_limit = 0
  }
  polytomic {}
  elasticsearch {}
  haven {}
}
%[1]s
resource "syncops_jim_connected_system" "ldap" {
  name      = "secrets-directory"
  connector = "JIM LDAP Connector"
  settings = {
    "Host"                = "ldap.example.com"
    "Username"            = "cn=sync,dc=example,dc=com"
    "Authentication Type" = "Simple"
  }
  secret_settings_wo         = { "Password" = var.ldap_password }
  secret_settings_wo_version = 1
}

resource "syncops_polytomic_connection" "warehouse" {
  name                               = "secrets-warehouse"
  type                               = "postgresql"
  configuration                      = jsonencode({ hostname = "pg.example.com", port = 5432, username = "sync", database = "dw" })
  sensitive_configuration_wo         = jsonencode({ password = var.pg_password, ca_cert = var.pg_ca_cert })
  sensitive_configuration_wo_version = 1
}

resource "syncops_polytomic_connection" "prices" {
  name                               = "secrets-prices"
  type                               = "csv"
  configuration                      = jsonencode({ url = "https://example.com/prices.csv", auth = { header = { name = "X-Custom-Auth" }, basic = { username = "reader" } } })
  sensitive_configuration_wo         = jsonencode({ auth = { header = { value = var.csv_header_key }, basic = { password = var.csv_password } } })
  sensitive_configuration_wo_version = 1
}

resource "syncops_elasticsearch_connector" "mysql" {
  connector_id = "secrets-mysql"
  name         = "secrets mysql"
  index_name   = "search-secrets-mysql"
  service_type = "mysql"%[2]s
}

resource "syncops_haven_connector" "site" {
  name                   = "secrets-site"
  flavor                 = "web_cloud"
  config                 = jsonencode({ url = "https://intranet.example.com" })
  destination            = jsonencode({ action = "addtotextindex", index = "intranet" })
  credentials_policy     = jsonencode({ notification_email = "ops@example.com" })
  credentials_wo         = jsonencode({ login_value = "crawler", password_value = var.crawler_password })
  credentials_wo_version = 1
}

# Data sources keep what they read in the state too.
data "syncops_jim_connected_system" "ldap" {
  id = syncops_jim_connected_system.ldap.id
}
data "syncops_polytomic_connection" "warehouse" {
  id = syncops_polytomic_connection.warehouse.id
}
data "syncops_polytomic_connection" "prices" {
  id = syncops_polytomic_connection.prices.id
}
data "syncops_elasticsearch_connector" "mysql" {
  connector_id = syncops_elasticsearch_connector.mysql.connector_id
}
data "syncops_elasticsearch_connectors" "secrets" {
  query      = "secrets"
  depends_on = [syncops_elasticsearch_connector.mysql]
}
data "syncops_haven_connector" "site" {
  name = syncops_haven_connector.site.name
}
`, variablesHCL("ldap_password", "pg_password", "pg_ca_cert", "mysql_password", "mysql_dsn", "crawler_password", "csv_header_key", "csv_password"), esSecret)
}

func basicAuthConfig(esSecrets bool) string {
	esSecret := ""
	if esSecrets {
		esSecret = `
  configuration_values             = jsonencode({ host = "db.example.com" })
  configuration_secrets_wo         = jsonencode({ password = var.mysql_password })
  configuration_secrets_wo_version = 1`
	}
	return fmt.Sprintf(`
# Basic credentials from the environment: POLYTOMIC_DEPLOYMENT_KEY with POLYTOMIC_ORGANIZATION_ID,
# and ELASTICSEARCH_USERNAME with ELASTICSEARCH_PASSWORD.
provider "syncops" {
  polytomic {}
  elasticsearch {}
}
%[1]s
resource "syncops_polytomic_connection" "basic" {
  name                               = "secrets-basic-warehouse"
  type                               = "postgresql"
  configuration                      = jsonencode({ hostname = "pg-basic.example.com", port = 5432, username = "sync", database = "dw" })
  sensitive_configuration_wo         = jsonencode({ password = var.pg_password })
  sensitive_configuration_wo_version = 1
}

resource "syncops_elasticsearch_connector" "basic" {
  connector_id = "secrets-basic"
  name         = "secrets basic"
  index_name   = "search-secrets-basic"
  service_type = "mysql"%[2]s
}
`, variablesHCL("pg_password", "mysql_password"), esSecret)
}

// wireRecorder is a proxy between the provider and the emulator that notes which secrets really
// travelled (in the URL, a header or the body, in any of their forms): a scan that finds nothing
// only means something for secrets that were in play.
type wireRecorder struct {
	URL      string
	mustSee  []secretValue
	mu       sync.Mutex
	requests int
	seen     map[string]int
}

func newWireRecorder(t *testing.T, target string, mustSee []secretValue) *wireRecorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	w := &wireRecorder{mustSee: mustSee, seen: map[string]int{}}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var wire strings.Builder
		wire.WriteString(r.Method + " " + r.URL.String() + "\n")
		for k, vs := range r.Header {
			wire.WriteString(k + ": " + strings.Join(vs, ", ") + "\n")
		}
		wire.Write(body)
		w.note(wire.String())
		proxy.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.URL = srv.URL
	return w
}

func (w *wireRecorder) note(request string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.requests++
	for _, s := range w.mustSee {
		for _, f := range secretForms(s.name, s.value) {
			if strings.Contains(request, f.value) {
				w.seen[s.name]++
				break
			}
		}
	}
}

// requestCount is how many requests went through the proxy.
func (w *wireRecorder) requestCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.requests
}

// missing returns the secrets that never reached the emulator.
func (w *wireRecorder) missing() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, s := range w.mustSee {
		if w.seen[s.name] == 0 {
			out = append(out, s.name)
		}
	}
	return out
}

// urlEnv points the given platforms at url through their environment variables.
func urlEnv(u string, platforms ...string) []string {
	names := map[string]string{"JIM": "JIM_URL", "Polytomic": "POLYTOMIC_DEPLOYMENT_URL", "Elasticsearch": "ELASTICSEARCH_ENDPOINTS", "Haven": "HAVEN_URL"}
	var out []string
	for _, p := range platforms {
		out = append(out, names[p]+"="+u)
	}
	return out
}
