// Package indexname checks Elasticsearch index names with the rules of
// MetadataCreateIndexService.validateIndexOrAliasName, and the prefix that Elastic-managed
// (native) connectors need. The emulator and the provider's plan-time checks share it.
package indexname

import (
	"fmt"
	"strings"
)

// NativePrefix is the prefix every index of an Elastic-managed connector must have.
const NativePrefix = "content-"

// forbidden are the characters Elasticsearch refuses in index names.
const forbidden = `\/*?"<>| ,#`

// Validate returns nil for a valid index name, else Elasticsearch's own wording.
//
//nolint:staticcheck // ST1005: the messages are Elasticsearch's, capital letter included
func Validate(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("Invalid index name [%s], must not be empty", name)
	case strings.ContainsAny(name, forbidden):
		return fmt.Errorf("Invalid index name [%s], must not contain the following characters [%s]", name, `'\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#'`)
	case strings.HasPrefix(name, "_") || strings.HasPrefix(name, "-") || strings.HasPrefix(name, "+"):
		return fmt.Errorf("Invalid index name [%s], must not start with '_', '-', or '+'", name)
	case strings.ToLower(name) != name:
		return fmt.Errorf("Invalid index name [%s], must be lowercase", name)
	case name == "." || name == "..":
		return fmt.Errorf("Invalid index name [%s], must not be '.' or '..'", name)
	case len(name) > 255:
		return fmt.Errorf("Invalid index name [%s], index name is too long, (%d > 255)", name, len(name))
	}
	return nil
}

// ValidateNative adds the content- prefix rule of Elastic-managed connectors.
//
//nolint:staticcheck // ST1005: the message is Elasticsearch's, capital letter included
func ValidateNative(name string) error {
	if !strings.HasPrefix(name, NativePrefix) {
		return fmt.Errorf("Index [%s] is invalid. Index attached to an Elastic-managed connector must start with the prefix: [%s]", name, NativePrefix)
	}
	return nil
}
