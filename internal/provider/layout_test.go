package provider

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// maxFileLines is the size above which a platform source file must be split.
const maxFileLines = 400

// TestPlatformPackageLayout keeps every platform package in the same shape (STYLE.md): platform.go
// (provider block and configuration), client.go (client and error decoding; client_<topic>.go for
// more of it), api_*.go (typed calls, one file per endpoint group), and per resource <name>_schema.go, <name>_resource.go and
// <name>_plan.go, per data source <name>_data_source.go. Any other file belongs to one of those
// names (<name>_<topic>.go), and none is longer than maxFileLines.
func TestPlatformPackageLayout(t *testing.T) {
	for _, pl := range Platforms() {
		t.Run(pl.Name(), func(t *testing.T) {
			dir := filepath.Join("..", pl.Name())
			files := goFiles(t, dir)
			for _, want := range []string{"platform.go", "client.go"} {
				if !slices.Contains(files, want) {
					t.Errorf("%s has no %s", dir, want)
				}
			}
			if !slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "api_") }) {
				t.Errorf("%s has no api_*.go file", dir)
			}
			var names []string
			for _, f := range pl.Resources() {
				name := resourceName(f(), pl.Name())
				names = append(names, name)
				for _, suffix := range []string{"_schema.go", "_resource.go", "_plan.go"} {
					if !slices.Contains(files, name+suffix) {
						t.Errorf("resource syncops_%s_%s has no %s%s", pl.Name(), name, name, suffix)
					}
				}
			}
			for _, f := range pl.DataSources() {
				name := dataSourceName(f(), pl.Name())
				names = append(names, name)
				if !slices.Contains(files, name+"_data_source.go") {
					t.Errorf("data source syncops_%s_%s has no %s_data_source.go", pl.Name(), name, name)
				}
			}
			for _, f := range files {
				if f == "platform.go" || f == "client.go" || strings.HasPrefix(f, "client_") || strings.HasPrefix(f, "api_") {
					continue
				}
				if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(f, n+"_") }) {
					t.Errorf("%s/%s belongs to no resource or data source (names: %v)", dir, f, names)
				}
			}
			for _, f := range files {
				if n := countLines(t, filepath.Join(dir, f)); n > maxFileLines {
					t.Errorf("%s/%s has %d lines, more than %d: split it", dir, f, n, maxFileLines)
				}
			}
		})
	}
}

func goFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			out = append(out, n)
		}
	}
	return out
}

func countLines(t *testing.T, file string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	n := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		n++
	}
	return n
}

func resourceName(r resource.Resource, platform string) string {
	var resp resource.MetadataResponse
	r.Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "syncops"}, &resp)
	return strings.TrimPrefix(resp.TypeName, "syncops_"+platform+"_")
}

func dataSourceName(d datasource.DataSource, platform string) string {
	var resp datasource.MetadataResponse
	d.Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "syncops"}, &resp)
	return strings.TrimPrefix(resp.TypeName, "syncops_"+platform+"_")
}
