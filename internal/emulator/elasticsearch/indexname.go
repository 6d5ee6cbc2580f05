package elasticsearch

import (
	"fmt"
	"strings"
)

// The connector APIs check an index name with ConnectorActionRequest.validateIndexName, which calls
// MetadataCreateIndexService.validateIndexOrAliasName (not validateIndexName: no lowercase rule, no
// dot-prefix rule) and reports the InvalidIndexNameException through its toString(), index first.
// The emulator keeps its own copy of the rule, apart from the provider's plan-time check, so that
// one wrong idea cannot hide on both sides; internal/testdata/elasticsearch/index_names.json holds
// Elasticsearch's answers and the tests of both sides run it.

// managedIndexPrefix is MANAGED_CONNECTOR_INDEX_PREFIX: every index of an Elastic-managed connector
// starts with it.
const managedIndexPrefix = "content-"

// maxIndexNameBytes is MAX_INDEX_NAME_BYTES, counted in UTF-8.
const maxIndexNameBytes = 255

// filenameChars are Strings.INVALID_FILENAME_CHARS, listed sorted the way current Elasticsearch
// prints them (older versions printed a Java HashSet, in another order and spacing).
const filenameChars = `[' ','"','*',',','/','<','>','?','\','|']`

// indexNameProblem returns Elasticsearch's validation message for a connector index name, or "" when
// the name is accepted. The checks run in Elasticsearch's order: the first that fails is reported.
func indexNameProblem(name string) string {
	why := ""
	switch {
	case name == "":
		why = "must not be empty"
	case strings.ContainsAny(name, `\/*?"<>| ,`):
		why = "must not contain the following characters " + filenameChars
	case strings.Contains(name, "#"):
		why = "must not contain '#'"
	case strings.Contains(name, ":"):
		why = "must not contain ':'"
	case name[0] == '_' || name[0] == '-' || name[0] == '+':
		why = "must not start with '_', '-', or '+'"
	case len(name) > maxIndexNameBytes:
		why = fmt.Sprintf("index name is too long, (%d > %d)", len(name), maxIndexNameBytes)
	case name == "." || name == "..":
		why = "must not be '.' or '..'"
	default:
		return ""
	}
	return fmt.Sprintf("[%s] org.elasticsearch.indices.InvalidIndexNameException: Invalid index name [%s], %s", name, name, why)
}

// managedIndexProblem is ConnectorActionRequest.validateManagedConnectorIndexPrefix, which create
// runs for is_native connectors after (and in addition to) the name check. The rule, with the
// checks of _index_name and _native, came with 9.0 (elasticsearch#117778, "For 9.x", a breaking
// change): callers apply it from 9.0 only (managedPrefixEnforced).
func managedIndexProblem(name string) string {
	if strings.HasPrefix(name, managedIndexPrefix) {
		return ""
	}
	return fmt.Sprintf("Index [%s] is invalid. Index attached to an Elastic-managed connector must start with the prefix: [%s]", name, managedIndexPrefix)
}

// managedPrefixEnforced reports whether this version requires the content- prefix of native
// connectors' indices (9.0 and later).
func (p *Platform) managedPrefixEnforced() bool { return p.version.atLeast(9, 0) }
