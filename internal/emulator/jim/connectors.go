package jim

import (
	"fmt"
	"net/http"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Setting types (ConnectedSystemSettingType).
const (
	typeString          = "String"
	typeStringEncrypted = "StringEncrypted"
	typeInteger         = "Integer"
	typeHeading         = "Heading"
	typeLabel           = "Label"
	typeText            = "Text"
	typeDropDown        = "DropDown"
	typeCheckBox        = "CheckBox"
	typeDivider         = "Divider"
	typeFile            = "File"
)

// Connector names (src/JIM.Connectors/Constants.cs).
const (
	ldapConnectorName = "JIM LDAP Connector"
	fileConnectorName = "JIM File Connector"
	scimConnectorName = "JIM SCIM 2.0 Client Connector"
	sqlConnectorName  = "JIM SQL Connector"
)

// settingDef is one ConnectorDefinitionSetting, serialised in the DTO's property order.
type settingDef struct {
	ID          int     `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Category    string  `json:"category"`
	Type        string  `json:"type"`
	// DefaultCheckboxValue is null unless the connector declares a default (bool? in JIM's
	// ConnectorDefinitionSettingDto): null for every setting that is not a checkbox, and for a
	// checkbox without one (the File connector's "Stop On First Error").
	DefaultCheckboxValue     *bool    `json:"defaultCheckboxValue"`
	DefaultStringValue       *string  `json:"defaultStringValue"`
	DefaultIntValue          *int     `json:"defaultIntValue"`
	DropDownValues           []string `json:"dropDownValues"`
	Required                 bool     `json:"required"`
	RequiredGroup            *string  `json:"requiredGroup"`
	RequiredGroupCardinality string   `json:"requiredGroupCardinality"`
	RequiredWhenSetting      *string  `json:"requiredWhenSetting"`
	RequiredWhenValue        *string  `json:"requiredWhenValue"`
}

// capabilities are the connector's supports* flags.
type capabilities struct {
	FullImport, DeltaImport, Export, Partitions, PartitionContainers, SecondaryExternalID,
	UserSelectedExternalID, UserSelectedAttributeTypes, AutoConfirmExport, ParallelExport,
	Paging, FilePaths, PasswordSet, PasswordPolicyDiscovery bool
}

type connectorDef struct {
	ID           int
	Name         string
	Description  string
	Created      time.Time
	Settings     []*settingDef
	Caps         capabilities
	SchemaStd    string
	settingsByID map[int]*settingDef
}

func (d *connectorDef) setting(name string) *settingDef {
	for _, s := range d.Settings {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// settingBuilder assigns global, sequential setting ids in seeding order, like the database does.
type settingBuilder struct{ next int }

type opt func(*settingDef)

func required(s *settingDef)  { s.Required = true }
func desc(d string) opt       { return func(s *settingDef) { s.Description = &d } }
func defStr(v string) opt     { return func(s *settingDef) { s.DefaultStringValue = &v } }
func defInt(v int) opt        { return func(s *settingDef) { s.DefaultIntValue = &v } }
func defBool(v bool) opt      { return func(s *settingDef) { s.DefaultCheckboxValue = &v } }
func choices(v ...string) opt { return func(s *settingDef) { s.DropDownValues = v } }
func exactlyOneOf(group string) opt {
	return func(s *settingDef) { s.RequiredGroup = &group; s.RequiredGroupCardinality = "ExactlyOne" }
}
func requiredWhen(setting, value string) opt {
	return func(s *settingDef) { s.RequiredWhenSetting = &setting; s.RequiredWhenValue = &value }
}

func (b *settingBuilder) add(list *[]*settingDef, name, category, typ string, opts ...opt) {
	b.next++
	s := &settingDef{ID: b.next, Name: name, Category: category, Type: typ, RequiredGroupCardinality: "AtLeastOne"}
	for _, o := range opts {
		o(s)
	}
	*list = append(*list, s)
}

// seedConnectorDefinitions builds the four built-in definitions in JIM's seeding order (LDAP,
// File, SCIM, SQL), with ids 1-4 and setting ids numbered across all of them.
func seedConnectorDefinitions(now time.Time) []*connectorDef {
	b := &settingBuilder{}
	const conn, gen, schema, imp, exp = "Connectivity", "General", "Schema", "Import", "Export"

	var ldap []*settingDef
	b.add(&ldap, "Directory Server", conn, typeHeading)
	b.add(&ldap, "Directory Server Info", conn, typeLabel, desc("Enter Active Directory domain controller, or LDAP server details below."))
	b.add(&ldap, "Host", conn, typeString, required, desc("Supply a directory server/domain controller hostname or IP address. IP address is fastest."))
	b.add(&ldap, "Preferred Domain Controller", conn, typeString, desc("Applies to Active Directory and Samba AD. A specific domain controller FQDN to always connect to. When left blank, JIM automatically discovers and pins the domain controller it reaches via the Host value. For LDAPS, use a name present in the domain controller's certificate."))
	b.add(&ldap, "Port", conn, typeInteger, required, defInt(389), desc("The port to connect to the directory service on. Use 389 for LDAP or 636 for LDAPS."))
	b.add(&ldap, "Use Secure Connection (LDAPS)?", conn, typeCheckBox, defBool(false), desc("Enable LDAPS (SSL/TLS) for encrypted communication. Requires appropriate port (typically 636)."))
	b.add(&ldap, "Connection Timeout", conn, typeInteger, required, defInt(10), desc("How long to wait, in seconds, before giving up on trying to connect"))
	b.add(&ldap, "Credentials", conn, typeHeading)
	b.add(&ldap, "Username", conn, typeString, required, desc(`What's the username for the service account you want to use to connect to the directory service using? i.e. corp\svc-jim-adc`))
	b.add(&ldap, "Password", conn, typeStringEncrypted, required, desc("What's the password for the service account you want to use to connect to the directory service with?"))
	b.add(&ldap, "Authentication Type", conn, typeDropDown, required, choices("Simple", "NTLM"), desc("What type of authentication is required for this credential?"))
	b.add(&ldap, "Import Settings", gen, typeHeading)
	b.add(&ldap, "Search Timeout", gen, typeInteger, defInt(300), desc("Maximum time in seconds to wait for LDAP search results. Default is 300 (5 minutes)."))
	b.add(&ldap, "Import Concurrency", gen, typeInteger, defInt(4), desc("Maximum number of parallel LDAP connections used during full imports from OpenLDAP and Generic directories. Each connection handles one container and object type combination independently, avoiding RFC 2696 paging cookie limitations. Not used for Active Directory. Default is 4. Recommended range: 2-8."))
	b.add(&ldap, "Retry Settings", gen, typeHeading)
	b.add(&ldap, "Maximum Retries", gen, typeInteger, defInt(3), desc("Maximum number of retry attempts for transient failures. Default is 3."))
	b.add(&ldap, "Retry Delay (ms)", gen, typeInteger, defInt(1000), desc("Initial delay between retries in milliseconds. Uses exponential backoff. Default is 1000ms."))
	b.add(&ldap, "Schema Discovery", gen, typeHeading)
	b.add(&ldap, "Include Auxiliary Classes", gen, typeCheckBox, defBool(false), desc("When enabled, auxiliary object classes are included in schema discovery alongside structural classes. Enable this if you need to import or export objects whose primary class is declared as auxiliary in the directory schema."))
	b.add(&ldap, "Container Provisioning", gen, typeHeading)
	b.add(&ldap, "Create containers as needed?", gen, typeCheckBox, defBool(false), desc("i.e. create OUs as needed when provisioning new objects."))
	b.add(&ldap, "Hierarchy Settings", gen, typeHeading)
	b.add(&ldap, "Skip Hidden Partitions", gen, typeCheckBox, defBool(true), desc("Skip hidden partitions (Configuration, Schema, DNS zones) when refreshing hierarchy. Improves performance significantly."))
	b.add(&ldap, "Export Settings", exp, typeHeading)
	b.add(&ldap, "Delete Behaviour", exp, typeDropDown, choices("Delete", "Disable"), desc("How to handle object deletions."))
	b.add(&ldap, "Disable Attribute", exp, typeString, requiredWhen("Delete Behaviour", "Disable"), defStr("userAccountControl"), desc("Attribute to set when disabling objects (e.g., userAccountControl for AD). Only used when Delete Behaviour is 'Disable'."))
	b.add(&ldap, "Export Concurrency", exp, typeInteger, defInt(4), desc("Maximum number of concurrent LDAP operations during export. Higher values improve throughput but increase load on the target directory. Default is 4. Recommended range: 2-8. Values above 8 show diminishing returns and may overwhelm the directory server."))
	b.add(&ldap, "Modify Batch Size", exp, typeInteger, defInt(1000), desc("Maximum number of values per multi-valued attribute modification in a single LDAP request. When adding or removing many values from a multi-valued attribute (e.g., group members), changes are split into batches of this size. Lower values improve compatibility with constrained LDAP servers; higher values improve throughput, especially for very large groups. Default is 1000. Recommended range: 100-2000."))
	b.add(&ldap, "Group Membership", exp, typeHeading)
	b.add(&ldap, "Group Placeholder Member DN", exp, typeString, defStr("cn=placeholder"), desc("Placeholder member DN used for group object classes that require at least one member (e.g. groupOfNames). When a group has no real members, this value is added to satisfy the schema constraint. It is automatically filtered out during import. Only applies to non-AD directories. Default: cn=placeholder. If your directory has referential integrity enabled, set this to an existing entry's DN."))

	var file []*settingDef
	b.add(&file, "File Path", gen, typeFile, required, desc("Path to the CSV file. Used for import, export, or both depending on mode. e.g. /connector-files/Users.csv"))
	b.add(&file, "Mode", gen, typeDropDown, required, choices("Import Only", "Export Only", "Bidirectional"), defStr("Import Only"), desc("Import Only: Read from file. Export Only: Write to file (auto-confirmed). Bidirectional: Export then confirming import from same file."))
	b.add(&file, "Object Type Column", gen, typeString, exactlyOneOf("Object Type"), desc("The column that contains the object type. Use when the file contains more than one type of object."))
	b.add(&file, "Object Type", gen, typeString, exactlyOneOf("Object Type"), desc("A fixed object type for when the file only contains one type of object, e.g. user."))
	b.add(&file, "Stop On First Error", imp, typeCheckBox, desc("Stop processing the file when the first error is encountered. Useful for debugging data quality issues without generating large numbers of errors."))
	b.add(&file, "Delimiter", gen, typeString, defStr(","), desc("What character to use as the delimiter?"))
	b.add(&file, "Culture", gen, typeString, desc("Optionally specify a culture (i.e. en-gb) for the file contents. Use if you experience problems with the default (invariant culture)."))
	b.add(&file, "Multi-Value Delimiter", gen, typeString, defStr("|"), desc("Character used to separate multiple values within a single field. Defaults to pipe (|)."))

	const oauth, basic, bearer, header = "OAuth 2.0 Client Credentials", "HTTP Basic", "Static Bearer Token", "Custom Header"
	var scim []*settingDef
	b.add(&scim, "SCIM Service Provider", conn, typeHeading)
	b.add(&scim, "SCIM Service Provider Info", conn, typeLabel, desc("Enter the details of the SCIM 2.0 service provider to connect to."))
	b.add(&scim, "Base URL", conn, typeString, required, desc("The base URL of the SCIM 2.0 service provider, i.e. https://example.com/scim/v2. HTTPS is required, except for loopback addresses when testing locally."))
	b.add(&scim, "Authentication", conn, typeHeading)
	b.add(&scim, "Authentication Method", conn, typeDropDown, choices(oauth, basic, bearer, header), defStr(oauth), desc("How to authenticate with the SCIM service provider. OAuth 2.0 Client Credentials is most common for cloud providers; Static Bearer Token suits providers that issue long-lived tokens; Custom Header suits providers with non-standard authentication headers."))
	b.add(&scim, "Token Endpoint URL", conn, typeString, requiredWhen("Authentication Method", oauth), desc("The OAuth 2.0 token endpoint URL used to acquire access tokens via the Client Credentials flow."))
	b.add(&scim, "Client ID", conn, typeString, requiredWhen("Authentication Method", oauth), desc("The OAuth 2.0 client identifier."))
	b.add(&scim, "Client Secret", conn, typeStringEncrypted, requiredWhen("Authentication Method", oauth), desc("The OAuth 2.0 client secret."))
	b.add(&scim, "OAuth Scope", conn, typeString, desc("Optional OAuth 2.0 scope(s) to request, space-separated. Only used with the OAuth 2.0 Client Credentials authentication method."))
	b.add(&scim, "Username", conn, typeString, requiredWhen("Authentication Method", basic), desc("The username to authenticate with when using HTTP Basic authentication."))
	b.add(&scim, "Password", conn, typeStringEncrypted, requiredWhen("Authentication Method", basic), desc("The password to authenticate with when using HTTP Basic authentication."))
	b.add(&scim, "Bearer Token", conn, typeStringEncrypted, requiredWhen("Authentication Method", bearer), desc("A pre-generated, long-lived bearer token issued by the SCIM service provider."))
	b.add(&scim, "Authentication Header Name", conn, typeString, requiredWhen("Authentication Method", header), desc("The name of the HTTP header the SCIM service provider uses for authentication, i.e. X-Api-Key."))
	b.add(&scim, "Authentication Header Value", conn, typeStringEncrypted, requiredWhen("Authentication Method", header), desc("The value to send in the authentication header."))
	b.add(&scim, "Transport Security", conn, typeHeading)
	b.add(&scim, "Certificate Validation", conn, typeDropDown, choices("Full Validation", "Skip Validation (Insecure)"), defStr("Full Validation"), desc("How to validate the service provider's TLS certificate. Full Validation uses the system CA store plus any certificates added in Admin > Certificates."))
	b.add(&scim, "Minimum TLS Version", conn, typeDropDown, choices("TLS 1.2", "TLS 1.3"), defStr("TLS 1.2"), desc("The minimum TLS protocol version to accept when connecting to the SCIM service provider."))
	b.add(&scim, "Connection Timeout", conn, typeInteger, required, defInt(30), desc("How long to wait, in seconds, for a response from the SCIM service provider before giving up."))
	b.add(&scim, "Import", gen, typeHeading)
	b.add(&scim, "Pagination Mode", gen, typeDropDown, choices("Auto-detect", "Index-based", "Cursor-based"), defStr("Auto-detect"), desc("How to page through resources. Auto-detect starts with index-based paging (which every SCIM 2.0 service provider supports) and switches to cursors if the provider offers one."))
	b.add(&scim, "Excluded Attributes", gen, typeString, desc("Optional comma-separated list of SCIM attributes to ask the service provider not to return, i.e. photos, x509Certificates."))
	b.add(&scim, "Change Detection", gen, typeDropDown, choices("Auto-detect", "Last Modified Filter", "Full Scan"), defStr("Auto-detect"), desc("How a Delta Import finds what changed."))
	b.add(&scim, "Retry Settings", gen, typeHeading)
	b.add(&scim, "Maximum Retries", gen, typeInteger, defInt(3), desc("Maximum number of retry attempts for transient failures (i.e. HTTP 429, 503, 504). Default is 3."))
	b.add(&scim, "Retry Delay (ms)", gen, typeInteger, defInt(1000), desc("Initial delay between retries in milliseconds. Uses exponential backoff with jitter, and honours Retry-After response headers. Default is 1000ms."))
	b.add(&scim, "Export", exp, typeHeading)
	b.add(&scim, "Use Bulk Operations", exp, typeCheckBox, defBool(false), desc("Send exports through the service provider's /Bulk endpoint when it advertises one."))

	const mssql, oracle = "Microsoft SQL Server", "Oracle Database"
	var sql []*settingDef
	b.add(&sql, "Database Server", conn, typeHeading)
	b.add(&sql, "Database Server Info", conn, typeLabel, desc("Enter the details of the database server to connect to. JIM builds the connection string itself from these values."))
	b.add(&sql, "Database Type", conn, typeDropDown, required, choices(mssql, oracle), desc("Which database server this Connected System runs on. It decides which details are asked for below, and which dialect JIM speaks."))
	b.add(&sql, "Host", conn, typeString, required, desc(`The database server's hostname or IP address. For a named Microsoft SQL Server instance, use the SERVER\INSTANCE form.`))
	b.add(&sql, "Port", conn, typeInteger, desc("The port the database server listens on. Leave blank to use the default for the database type: 1433 for Microsoft SQL Server, 1521 for Oracle Database, or 2484 for Oracle Database with encryption enabled."))
	b.add(&sql, "Database Name", conn, typeString, requiredWhen("Database Type", mssql), desc("The database to connect to on this server."))
	b.add(&sql, "Oracle Database Identified By", conn, typeDropDown, requiredWhen("Database Type", oracle), choices("Service Name", "SID"), desc("How this Oracle Database is addressed. Service Name is the modern form and the one to use unless the estate still addresses the database by its System Identifier (SID)."))
	b.add(&sql, "Oracle Service Name", conn, typeString, requiredWhen("Oracle Database Identified By", "Service Name"), desc("The Oracle service name, i.e. HRPROD.example.com."))
	b.add(&sql, "Oracle SID", conn, typeString, requiredWhen("Oracle Database Identified By", "SID"), desc("The Oracle System Identifier (SID), i.e. HRPROD."))
	b.add(&sql, "Credentials", conn, typeHeading)
	b.add(&sql, "Username", conn, typeString, required, desc("The database account JIM connects as. Give it the least privilege the Run Profiles need: read-only on an import-only Connected System."))
	b.add(&sql, "Password", conn, typeStringEncrypted, required, desc("The password for that database account. Stored encrypted, and never written to a log or a configuration snapshot."))
	b.add(&sql, "Transport Security", conn, typeHeading)
	b.add(&sql, "Encrypt Connection", conn, typeCheckBox, defBool(true), requiredWhen("Database Type", mssql), desc("Encrypt the connection to the database server. On by default, which is what a current SQL Server estate already does."))
	b.add(&sql, "Oracle Encryption", conn, typeDropDown, defStr("Native Network Encryption"), choices("Native Network Encryption", "TCPS (TLS)", "None"), requiredWhen("Database Type", oracle), desc("How the connection to Oracle Database is protected."))
	b.add(&sql, "Connection Timeout", conn, typeInteger, required, defInt(30), desc("How long to wait, in seconds, before giving up on trying to connect."))
	b.add(&sql, "Date and Time", gen, typeHeading)
	b.add(&sql, "Database Time Zone", gen, typeString, required, defStr("UTC"), desc("The time zone that date and time columns carrying no offset are recorded in. Enter UTC, or an IANA time zone name such as Europe/London."))
	b.add(&sql, "Type Mapping", gen, typeHeading)
	b.add(&sql, "Treat NUMBER(1) Columns as Boolean", gen, typeCheckBox, defBool(false), requiredWhen("Database Type", oracle), desc("Oracle Database has no boolean column type, so flags are usually held as NUMBER(1). Turn this on if that is what NUMBER(1) columns mean in this database."))
	b.add(&sql, "Treat RAW(16) Columns as Guid", gen, typeCheckBox, defBool(false), requiredWhen("Database Type", oracle), desc("Turn this on if RAW(16) columns in this database hold GUIDs; leave it off and they import as binary values."))
	b.add(&sql, "Object Type Configuration", schema, typeHeading)
	b.add(&sql, "Object Types", schema, typeText, required, desc("Which Connected System Object Types this database holds, and where each one's objects come from, as a JSON document."))
	b.add(&sql, "Delta Import", imp, typeHeading)
	b.add(&sql, "Delta Import Mode", imp, typeDropDown, choices("Change-Log Table", "Watermark Column"), desc("How a Delta Import finds the rows that changed since the last import."))

	defs := []*connectorDef{
		{ID: 1, Name: ldapConnectorName, Description: "Enables bi-directional synchronisation with LDAP compliant directories, including Microsoft Active Directory, OpenLDAP, and Samba AD.", Settings: ldap, SchemaStd: "Ldap",
			Caps: capabilities{FullImport: true, DeltaImport: true, Export: true, Partitions: true, PartitionContainers: true, SecondaryExternalID: true, ParallelExport: true, Paging: true, PasswordSet: true, PasswordPolicyDiscovery: true}},
		{ID: 2, Name: fileConnectorName, Description: "Enables bi-directional synchronisation with files, i.e. CSV.", Settings: file, SchemaStd: "NotSet",
			Caps: capabilities{FullImport: true, Export: true, UserSelectedExternalID: true, UserSelectedAttributeTypes: true, AutoConfirmExport: true, FilePaths: true}},
		{ID: 3, Name: scimConnectorName, Description: "Enables bi-directional synchronisation with any system that exposes a SCIM 2.0 service provider interface.", Settings: scim, SchemaStd: "Scim",
			Caps: capabilities{FullImport: true, DeltaImport: true, Export: true, ParallelExport: true, Paging: true}},
		{ID: 4, Name: sqlConnectorName, Description: "Enables bi-directional synchronisation with relational databases, including Microsoft SQL Server and Oracle Database.", Settings: sql, SchemaStd: "NotSet",
			Caps: capabilities{FullImport: true, DeltaImport: true, Export: true, UserSelectedExternalID: true, UserSelectedAttributeTypes: true, AutoConfirmExport: true, Paging: true}},
	}
	for _, d := range defs {
		d.Created = now
		d.settingsByID = map[int]*settingDef{}
		for _, s := range d.Settings {
			d.settingsByID[s.ID] = s
		}
	}
	return defs
}

// connectorDefinitionHeader is one item of the (unpaginated) list.
type connectorDefinitionHeader struct {
	ID          int       `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	BuiltIn     bool      `json:"builtIn"`
	Created     jsonTime  `json:"created"`
	LastUpdated *jsonTime `json:"lastUpdated"`
	Files       int       `json:"files"`
	Versions    string    `json:"versions"`
	InUse       bool      `json:"inUse"`
}

// connectorDefinitionDto is GET connector-definitions/{id} and /by-name/{name}.
type connectorDefinitionDto struct {
	ID                                 int           `json:"id"`
	Name                               string        `json:"name"`
	Description                        string        `json:"description"`
	URL                                string        `json:"url"`
	BuiltIn                            bool          `json:"builtIn"`
	Created                            jsonTime      `json:"created"`
	CreatedByName                      *string       `json:"createdByName"`
	LastUpdated                        *jsonTime     `json:"lastUpdated"`
	LastUpdatedByName                  *string       `json:"lastUpdatedByName"`
	Settings                           []*settingDef `json:"settings"`
	Files                              []any         `json:"files"`
	SupportsFullImport                 bool          `json:"supportsFullImport"`
	SupportsDeltaImport                bool          `json:"supportsDeltaImport"`
	SupportsExport                     bool          `json:"supportsExport"`
	SupportsPartitions                 bool          `json:"supportsPartitions"`
	SupportsPartitionContainers        bool          `json:"supportsPartitionContainers"`
	SupportsSecondaryExternalID        bool          `json:"supportsSecondaryExternalId"`
	SupportsUserSelectedExternalID     bool          `json:"supportsUserSelectedExternalId"`
	SupportsUserSelectedAttributeTypes bool          `json:"supportsUserSelectedAttributeTypes"`
	SupportsAutoConfirmExport          bool          `json:"supportsAutoConfirmExport"`
	SupportsParallelExport             bool          `json:"supportsParallelExport"`
	SupportsPaging                     bool          `json:"supportsPaging"`
	SupportsFilePaths                  bool          `json:"supportsFilePaths"`
	SupportsPasswordSet                bool          `json:"supportsPasswordSet"`
	SupportsPasswordPolicyDiscovery    bool          `json:"supportsPasswordPolicyDiscovery"`
	SchemaStandard                     string        `json:"schemaStandard"`
}

func (d *connectorDef) dto() connectorDefinitionDto {
	c := d.Caps
	return connectorDefinitionDto{
		ID: d.ID, Name: d.Name, Description: d.Description, URL: "https://github.com/TetronIO/JIM", BuiltIn: true,
		Created: jsonTime(d.Created), Settings: d.Settings, Files: []any{},
		SupportsFullImport: c.FullImport, SupportsDeltaImport: c.DeltaImport, SupportsExport: c.Export,
		SupportsPartitions: c.Partitions, SupportsPartitionContainers: c.PartitionContainers,
		SupportsSecondaryExternalID: c.SecondaryExternalID, SupportsUserSelectedExternalID: c.UserSelectedExternalID,
		SupportsUserSelectedAttributeTypes: c.UserSelectedAttributeTypes, SupportsAutoConfirmExport: c.AutoConfirmExport,
		SupportsParallelExport: c.ParallelExport, SupportsPaging: c.Paging, SupportsFilePaths: c.FilePaths,
		SupportsPasswordSet: c.PasswordSet, SupportsPasswordPolicyDiscovery: c.PasswordPolicyDiscovery,
		SchemaStandard: d.SchemaStd,
	}
}

func (e *Emulator) handleListConnectorDefinitions(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	out := make([]connectorDefinitionHeader, 0, len(e.store.definitions))
	for _, d := range e.store.definitions {
		inUse := false
		for _, cs := range e.store.systems {
			if cs.def == d {
				inUse = true
				break
			}
		}
		out = append(out, connectorDefinitionHeader{ID: d.ID, Name: d.Name, Description: d.Description, BuiltIn: true, Created: jsonTime(d.Created), Versions: "", InUse: inUse})
	}
	emulator.WriteJSON(w, http.StatusOK, out)
}

func (e *Emulator) handleGetConnectorDefinition(w http.ResponseWriter, r *http.Request) {
	id, ok := intPathValue(r, "id")
	if !ok {
		writeWebUIPage(w)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, d := range e.store.definitions {
		if d.ID == id {
			emulator.WriteJSON(w, http.StatusOK, d.dto())
			return
		}
	}
	e.notFound(w, fmt.Sprintf("Connector Definition with ID %d not found.", id))
}

func (e *Emulator) handleGetConnectorDefinitionByName(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, d := range e.store.definitions {
		if d.Name == name {
			emulator.WriteJSON(w, http.StatusOK, d.dto())
			return
		}
	}
	e.notFound(w, fmt.Sprintf("Connector Definition with name '%s' not found.", name))
}
