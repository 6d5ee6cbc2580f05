// Package indexname checks the index name of an Elasticsearch connector at plan time, as
// Elasticsearch checks it when a connector is created or its index changes:
// MetadataCreateIndexService.validateIndexOrAliasName. That rule has no lowercase requirement (the
// lowercase rule belongs to validateIndexName, used when an index is created) and refuses ':'.
// It also holds the prefix that Elastic-managed (native) connectors need. Elasticsearch's answers
// are in internal/testdata/elasticsearch/index_names.json; the emulator has its own copy of the
// rule and runs the same table.
package indexname

import (
	"fmt"
	"strings"
)

// NativePrefix is the prefix every index of an Elastic-managed connector must have.
const NativePrefix = "content-"

// maxBytes is Elasticsearch's limit on an index name, in UTF-8 bytes (not characters).
const maxBytes = 255

// Validate returns nil for a name Elasticsearch accepts, else an error in Elasticsearch's words
// ("Invalid index name [x], must not contain ':'"). When several rules are broken, it names the
// one Elasticsearch reports: it checks emptiness, the file-name characters, '#', ':', the first
// character, the length and '.'/'..', in that order.
//
//nolint:staticcheck // ST1005: the messages are Elasticsearch's, capital letter included
func Validate(name string) error {
	if reason := problem(name); reason != "" {
		return fmt.Errorf("Invalid index name [%s], %s", name, reason)
	}
	return nil
}

func problem(name string) string {
	if name == "" {
		return "must not be empty"
	}
	var hash, colon bool
	for _, r := range name {
		switch r {
		case '\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',':
			// Elasticsearch's Strings.INVALID_FILENAME_CHARS, printed the way current versions do.
			return `must not contain the following characters [' ','"','*',',','/','<','>','?','\','|']`
		case '#':
			hash = true
		case ':':
			colon = true
		}
	}
	switch {
	case hash:
		return "must not contain '#'"
	case colon:
		return "must not contain ':'"
	case strings.IndexAny(name[:1], "_-+") == 0:
		return "must not start with '_', '-', or '+'"
	case len(name) > maxBytes:
		return fmt.Sprintf("index name is too long, (%d > %d)", len(name), maxBytes)
	case name == "." || name == "..":
		return "must not be '.' or '..'"
	}
	return ""
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
