package jim

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const connectorDefinitionsPath = "/api/v1/synchronisation/connector-definitions"

// ConnectorDefinitionHeader is an item of the connector definition list.
type ConnectorDefinitionHeader struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	BuiltIn     bool   `json:"builtIn"`
}

// ConnectorDefinition is a connector with its settings and capabilities.
type ConnectorDefinition struct {
	ID                                int64              `json:"id"`
	Name                              string             `json:"name"`
	Description                       *string            `json:"description"`
	Settings                          []ConnectorSetting `json:"settings"`
	SupportsFullImport                bool               `json:"supportsFullImport"`
	SupportsDeltaImport               bool               `json:"supportsDeltaImport"`
	SupportsExport                    bool               `json:"supportsExport"`
	SupportsPartitions                bool               `json:"supportsPartitions"`
	SupportsPartitionContainers       bool               `json:"supportsPartitionContainers"`
	SupportsSecondaryExternalID       bool               `json:"supportsSecondaryExternalId"`
	SupportsUserSelectedExternalID    bool               `json:"supportsUserSelectedExternalId"`
	SupportsUserSelectedAttributeType bool               `json:"supportsUserSelectedAttributeTypes"`
	SupportsAutoConfirmExport         bool               `json:"supportsAutoConfirmExport"`
	SupportsParallelExport            bool               `json:"supportsParallelExport"`
	SupportsPaging                    bool               `json:"supportsPaging"`
	SupportsFilePaths                 bool               `json:"supportsFilePaths"`
	SupportsPasswordSet               bool               `json:"supportsPasswordSet"`
	SupportsPasswordPolicyDiscovery   bool               `json:"supportsPasswordPolicyDiscovery"`
}

// Setting types that carry a value (Heading, Label and Divider do not).
const (
	SettingString          = "String"
	SettingStringEncrypted = "StringEncrypted"
	SettingInteger         = "Integer"
	SettingText            = "Text"
	SettingDropDown        = "DropDown"
	SettingCheckBox        = "CheckBox"
	SettingFile            = "File"
)

// ConnectorSetting is one setting of a connector definition.
type ConnectorSetting struct {
	ID                       int64    `json:"id"`
	Name                     string   `json:"name"`
	Description              *string  `json:"description"`
	Category                 string   `json:"category"`
	Type                     string   `json:"type"`
	DefaultCheckboxValue     *bool    `json:"defaultCheckboxValue"`
	DefaultStringValue       *string  `json:"defaultStringValue"`
	DefaultIntValue          *int64   `json:"defaultIntValue"`
	DropDownValues           []string `json:"dropDownValues"`
	Required                 bool     `json:"required"`
	RequiredGroup            *string  `json:"requiredGroup"`
	RequiredGroupCardinality *string  `json:"requiredGroupCardinality"`
	RequiredWhenSetting      *string  `json:"requiredWhenSetting"`
	RequiredWhenValue        *string  `json:"requiredWhenValue"`
}

// HasValue reports a setting that holds a value (not a heading, label or divider).
func (s ConnectorSetting) HasValue() bool {
	switch s.Type {
	case SettingString, SettingStringEncrypted, SettingInteger, SettingText, SettingDropDown, SettingCheckBox, SettingFile:
		return true
	}
	return false
}

// Default returns the setting's default as a string, and whether it has one.
func (s ConnectorSetting) Default() (string, bool) {
	switch {
	case s.Type == SettingCheckBox:
		// JIM sends null for a checkbox without a declared default, and such a checkbox starts
		// false: false is its default.
		return strconv.FormatBool(s.DefaultCheckboxValue != nil && *s.DefaultCheckboxValue), true
	case s.Type == SettingInteger && s.DefaultIntValue != nil:
		return strconv.FormatInt(*s.DefaultIntValue, 10), true
	case s.DefaultStringValue != nil && strings.TrimSpace(*s.DefaultStringValue) != "":
		return strings.TrimSpace(*s.DefaultStringValue), true
	}
	return "", false
}

// Setting finds a setting by name.
func (d *ConnectorDefinition) Setting(name string) (ConnectorSetting, bool) {
	for _, s := range d.Settings {
		if s.Name == name && s.HasValue() {
			return s, true
		}
	}
	return ConnectorSetting{}, false
}

// SettingNames lists the names of the settings that hold values, of the given kind:
// secret=true for StringEncrypted settings, false for the others.
func (d *ConnectorDefinition) SettingNames(secret bool) []string {
	var out []string
	for _, s := range d.Settings {
		if s.HasValue() && (s.Type == SettingStringEncrypted) == secret {
			out = append(out, s.Name)
		}
	}
	return out
}

// SettingValue is one value in a settings update, by setting type.
type SettingValue struct {
	StringValue   *string `json:"stringValue,omitempty"`
	IntValue      *int64  `json:"intValue,omitempty"`
	CheckboxValue *bool   `json:"checkboxValue,omitempty"`
}

// ConvertSettingValue turns a configuration string into the typed value the setting takes.
func ConvertSettingValue(s ConnectorSetting, value string) (SettingValue, error) {
	switch s.Type {
	case SettingInteger:
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 32)
		if err != nil {
			return SettingValue{}, fmt.Errorf("setting %q is an Integer; %q is not a whole number", s.Name, value)
		}
		return SettingValue{IntValue: &n}, nil
	case SettingCheckBox:
		b, err := strconv.ParseBool(strings.TrimSpace(value))
		if err != nil || (value != "true" && value != "false") {
			return SettingValue{}, fmt.Errorf("setting %q is a CheckBox; use \"true\" or \"false\", not %q", s.Name, value)
		}
		return SettingValue{CheckboxValue: &b}, nil
	case SettingDropDown:
		for _, v := range s.DropDownValues {
			if v == value {
				return SettingValue{StringValue: &value}, nil
			}
		}
		return SettingValue{}, fmt.Errorf("setting %q takes one of %s; %q is not one of them", s.Name, quoteList(s.DropDownValues), value)
	default:
		return SettingValue{StringValue: &value}, nil
	}
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// ConnectorDefinitionByName returns a connector definition with its settings, fetched once per
// provider process: reads that arrive while it is fetched wait for that answer (Terraform plans
// many systems of one connector at once).
func (c *Client) ConnectorDefinitionByName(ctx context.Context, name string) (*ConnectorDefinition, error) {
	c.mu.Lock()
	if d, ok := c.defs[name]; ok {
		c.mu.Unlock()
		return d, nil
	}
	if wait, ok := c.defsLoading[name]; ok {
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		c.mu.Lock()
		d, ok := c.defs[name]
		c.mu.Unlock()
		if ok {
			return d, nil
		}
		// That read failed: this one tries for itself, and reports its own error.
		return c.fetchConnectorDefinition(ctx, name)
	}
	done := make(chan struct{})
	c.defsLoading[name] = done
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.defsLoading, name)
		c.mu.Unlock()
		close(done)
	}()
	return c.fetchConnectorDefinition(ctx, name)
}

func (c *Client) fetchConnectorDefinition(ctx context.Context, name string) (*ConnectorDefinition, error) {
	var d ConnectorDefinition
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: connectorDefinitionsPath + "/by-name/" + url.PathEscape(name)}, &d)
	if err != nil {
		return nil, err
	}
	if d.ID == 0 || d.Name == "" {
		return nil, fmt.Errorf("JIM API: GET %s/by-name/%s: the answer has no connector id or name", connectorDefinitionsPath, name)
	}
	c.mu.Lock()
	c.defs[name] = &d
	c.mu.Unlock()
	return &d, nil
}

// ListConnectorDefinitions lists the connector definitions.
func (c *Client) ListConnectorDefinitions(ctx context.Context) ([]ConnectorDefinitionHeader, error) {
	var out []ConnectorDefinitionHeader
	_, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: connectorDefinitionsPath}, &out)
	return out, err
}

// SupportedRunTypes lists the run types JIM accepts for a connector: FullImport, DeltaImport and
// Export follow the connector's supports* flags; synchronisations are always allowed.
func (d *ConnectorDefinition) SupportedRunTypes() []string {
	var out []string
	if d.SupportsFullImport {
		out = append(out, "FullImport")
	}
	if d.SupportsDeltaImport {
		out = append(out, "DeltaImport")
	}
	out = append(out, "FullSynchronisation", "DeltaSynchronisation")
	if d.SupportsExport {
		out = append(out, "Export")
	}
	return out
}

// ConnectorDefinitionByID reads a connector definition by id (cached with the by-name ones).
func (c *Client) ConnectorDefinitionByID(ctx context.Context, id int64) (*ConnectorDefinition, error) {
	c.mu.Lock()
	for _, d := range c.defs {
		if d.ID == id {
			c.mu.Unlock()
			return d, nil
		}
	}
	c.mu.Unlock()
	var d ConnectorDefinition
	p := connectorDefinitionsPath + "/" + strconv.FormatInt(id, 10)
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: p}, &d); err != nil {
		return nil, err
	}
	if d.ID == 0 || d.Name == "" {
		return nil, fmt.Errorf("JIM API: GET %s: the answer has no connector id or name", p)
	}
	c.mu.Lock()
	c.defs[d.Name] = &d
	c.mu.Unlock()
	return &d, nil
}
