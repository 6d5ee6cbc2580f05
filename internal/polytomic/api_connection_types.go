package polytomic

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// ConnectionType is an entry of GET /api/connection_types. Its capabilities say what the type can
// be used for; the operations of a type show only in the type object inside a connection.
type ConnectionType struct {
	ID           string                 `json:"id"`
	Name         string                 `json:"name"`
	LogoURL      string                 `json:"logo_url"`
	Capabilities ConnectionCapabilities `json:"capabilities"`
	UseOAuth     bool                   `json:"use_oauth"`
}

// ConnectionCapabilities are a connection type's capabilities.
type ConnectionCapabilities struct {
	Source        bool `json:"source"`
	Destination   bool `json:"destination"`
	Enrichment    bool `json:"enrichment"`
	Orchestration bool `json:"orchestration"`
}

// ConnectionTypes lists the catalogue (cached for the provider process).
func (c *Client) ConnectionTypes(ctx context.Context) ([]ConnectionType, error) {
	c.mu.Lock()
	cached := c.types
	c.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	resp, err := c.http.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/connection_types"})
	if err != nil {
		return nil, err
	}
	out, err := decodeData[[]ConnectionType](c, resp)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.types = *out
	c.mu.Unlock()
	return *out, nil
}

// schemaCache holds connection-type schemas for the life of the provider process, shared by
// every configuration of the provider (Terraform configures the provider once per command, and
// tests configure one process many times). Keys are deployment URL, API version and type.
var schemaCache sync.Map // string -> *schemaEntry

type schemaEntry struct {
	// mu makes concurrent plans of the same type wait for one fetch instead of each fetching.
	mu     sync.Mutex
	schema *TypeSchema
}

// ConnectionTypeSchema returns the JSON Schema of a type's configuration, fetched once per
// provider process (failures are not cached).
func (c *Client) ConnectionTypeSchema(ctx context.Context, typeID string) (*TypeSchema, error) {
	v, _ := schemaCache.LoadOrStore(c.cacheKey+"|"+typeID, &schemaEntry{})
	entry, ok := v.(*schemaEntry)
	if !ok {
		return nil, fmt.Errorf("internal error: the schema cache holds a %T", v)
	}
	entry.mu.Lock()
	defer entry.mu.Unlock()
	if entry.schema != nil {
		return entry.schema, nil
	}
	resp, err := c.http.Do(ctx, &transport.Request{Method: http.MethodGet, Path: "/api/connection_types/" + url.PathEscape(typeID)})
	if err != nil {
		return nil, err
	}
	// The one bare (non-enveloped) answer of the API.
	var raw map[string]any
	if err := c.http.Decode(resp, &raw); err != nil {
		return nil, err
	}
	if _, ok := raw["properties"].(map[string]any); !ok {
		return nil, &transport.DecodeError{Platform: "Polytomic", Method: resp.Method, Path: resp.Path, Status: resp.StatusCode,
			What: `the connection type schema has no "properties" object`}
	}
	entry.schema = &TypeSchema{TypeID: typeID, Root: raw}
	return entry.schema, nil
}

// TypeSchema is a connection type's configuration JSON Schema with the vendor keywords
// "sensitive" and "readOnly".
type TypeSchema struct {
	TypeID string
	Root   map[string]any
}

// Field describes one top-level configuration key.
type Field struct {
	Name        string
	Title       string
	Description string
	Type        string
	Required    bool
	Sensitive   bool
	ReadOnly    bool
}

func (s *TypeSchema) properties() map[string]any {
	p, _ := s.Root["properties"].(map[string]any)
	return p
}

func (s *TypeSchema) property(name string) (map[string]any, bool) {
	p, ok := s.properties()[name].(map[string]any)
	return p, ok
}

// Sensitive reports a key the API redacts.
func (s *TypeSchema) Sensitive(name string) bool {
	p, _ := s.property(name)
	sens, _ := p["sensitive"].(bool)
	pw, _ := p["password"].(bool)
	return sens || pw
}

// ReadOnly reports a key Polytomic sets itself: "readOnly", or the lowercase "readonly" some
// vendor schemas use.
func (s *TypeSchema) ReadOnly(name string) bool {
	p, _ := s.property(name)
	ro, _ := p["readOnly"].(bool)
	ro2, _ := p["readonly"].(bool)
	return ro || ro2
}

func (s *TypeSchema) required() map[string]bool {
	out := map[string]bool{}
	if r, ok := s.Root["required"].([]any); ok {
		for _, v := range r {
			if name, ok := v.(string); ok {
				out[name] = true
			}
		}
	}
	return out
}

// Fields lists the top-level configuration keys, sorted by name.
func (s *TypeSchema) Fields() []Field {
	req := s.required()
	var out []Field
	for name := range s.properties() {
		p, _ := s.property(name)
		f := Field{Name: name, Required: req[name], Sensitive: s.Sensitive(name) || looksSecret(name)}
		f.Title, _ = p["title"].(string)
		f.Description, _ = p["description"].(string)
		f.Type, _ = p["type"].(string)
		f.ReadOnly = s.ReadOnly(name)
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *TypeSchema) fieldNames() []string {
	var out []string
	for _, f := range s.Fields() {
		out = append(out, f.Name)
	}
	return out
}
