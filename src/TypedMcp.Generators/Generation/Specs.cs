namespace TypedMcp.Generators.Generation;

// Every *Spec is a cache key of the incremental pipeline: sealed records of strings, numbers, enums and
// EquatableArray, compared by value. Never put an ISymbol, SyntaxNode, Location, AdditionalText or
// Compilation in them: that would keep old compilations alive and make every step re-run.

/// <summary>What a C# type of a parameter or result member is made of.</summary>
internal enum TypeKind
{
    String,
    Int32,
    Int64,
    Double,
    Boolean,
    DateTime,
    Date,
    Guid,
    Uri,
    Json,
    Enum,
    Record,
    Union,
    Array,
    Map,
    CsvRows,
}

/// <summary>A C# type: a kind, the name of a generated type (enum, record, union, CSV row) and an element for arrays and maps.</summary>
internal sealed record TypeRefSpec(TypeKind Kind, string? Name = null, TypeRefSpec? Element = null)
{
    public static readonly TypeRefSpec String = new(TypeKind.String);
    public static readonly TypeRefSpec Int32 = new(TypeKind.Int32);
    public static readonly TypeRefSpec Int64 = new(TypeKind.Int64);
    public static readonly TypeRefSpec Double = new(TypeKind.Double);
    public static readonly TypeRefSpec Boolean = new(TypeKind.Boolean);
    public static readonly TypeRefSpec DateTime = new(TypeKind.DateTime);
    public static readonly TypeRefSpec Date = new(TypeKind.Date);
    public static readonly TypeRefSpec Guid = new(TypeKind.Guid);
    public static readonly TypeRefSpec Uri = new(TypeKind.Uri);
    public static readonly TypeRefSpec Json = new(TypeKind.Json);

    public bool IsValueType => Kind is TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Boolean or TypeKind.DateTime
        or TypeKind.Date or TypeKind.Guid or TypeKind.Json or TypeKind.Enum;

    /// <summary>Whether the value goes on the wire as it is (a string, number or boolean, or JSON), with no conversion.</summary>
    public bool IsWireReady => Kind is TypeKind.String or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Boolean or TypeKind.Json
        || (Kind is TypeKind.Array or TypeKind.Map && Element!.IsWireReady);
}

/// <summary>
/// One parameter of a generated method: required ones first. A required parameter that may be null
/// (<paramref name="IsNullable"/>) is sent as JSON null; an optional one that is null is left out of the call.
/// </summary>
internal sealed record ParameterSpec(string WireName, string CSharpName, bool IsRequired, TypeRefSpec Type, string? Description, string? DefaultJson, bool IsNullable = false);

/// <summary>An argument with one possible value (a required <c>const</c>): not a parameter, always sent as <paramref name="Json"/>.</summary>
internal sealed record ConstantSpec(string WireName, string Json);

/// <summary>
/// One generated method. <paramref name="Result"/> is the C# type its result is read as, or null for the untyped
/// <c>McpToolResult</c>; <paramref name="IsTask"/> makes the call task-augmented (<c>execution.taskSupport: "required"</c>).
/// </summary>
internal sealed record ToolSpec(
    string WireName,
    string MethodName,
    string? Title,
    string? Description,
    string Category,
    string Level,
    string? RiskReason,
    bool RiskFromCatalog,
    EquatableArray<ParameterSpec> Parameters,
    TypeRefSpec? Result,
    bool IsTask = false,
    EquatableArray<ConstantSpec> Constants = default);

/// <summary>One member of a generated enum: its C# name and its wire value (a string, or for other JSON values their JSON text).</summary>
internal sealed record EnumMemberSpec(string Name, string WireValue, bool IsString = true);

/// <summary>A generated enum.</summary>
internal sealed record EnumSpec(string Name, string Summary, EquatableArray<EnumMemberSpec> Members)
{
    /// <summary>Whether every value is a string (then the wire strings are a <c>string[]</c>; else the values are JSON values).</summary>
    public bool IsStrings
    {
        get
        {
            foreach (var m in Members)
            {
                if (!m.IsString) { return false; }
            }

            return true;
        }
    }
}

/// <summary>
/// One member of a generated record. <paramref name="ConstantJson"/>: the one value a required member can have; the
/// record then has a get-only property that always holds it (not a constructor parameter).
/// </summary>
internal sealed record PropertySpec(string WireName, string Name, TypeRefSpec Type, bool IsRequired, bool IsNullable, string? Description, string? ConstantJson = null, string? DefaultJson = null);

/// <summary>
/// A generated record (also used for CSV rows, whose properties are columns), shared by arguments and results when
/// the shape is the same. <paramref name="Extra"/>: the type of members beyond the declared ones, or null;
/// <paramref name="IsWritten"/>/<paramref name="IsRead"/>: whether an argument sends it / a result reads it (only what is
/// used gets a writer or reader).
/// </summary>
internal sealed record RecordSpec(string Name, string Summary, string ToolName, bool IsCsvRow, EquatableArray<PropertySpec> Properties,
    TypeRefSpec? Extra = null, bool IsWritten = false, bool IsRead = true);

/// <summary>One alternative of a generated union: its C# type and the name of its <c>As…</c> property.</summary>
/// <param name="Type">The alternative's C# type (distinct within the union).</param>
/// <param name="Accessor">The property that returns it, e.g. <c>AsString</c>.</param>
/// <param name="DiscriminatorJson">For a record alternative of a discriminated union: the JSON value of the discriminating member.</param>
internal sealed record UnionAlternativeSpec(TypeRefSpec Type, string Accessor, string? DiscriminatorJson = null);

/// <summary>
/// A generated union: a value that is one of several alternatives. <paramref name="Discriminator"/>: the wire name
/// of the member whose constant tells record alternatives apart, or null (they are then tried in order).
/// </summary>
internal sealed record UnionSpec(string Name, string Summary, EquatableArray<UnionAlternativeSpec> Alternatives, string? Discriminator, bool IsWritten, bool IsRead);

/// <summary>What identifies a catalog for <c>[McpClient("name")]</c>: its path, its <c>server.name</c> and its file's name.</summary>
internal interface ICatalogIdentity
{
    /// <summary>The catalog file's path.</summary>
    string FilePath { get; }

    /// <summary>The catalog's <c>server.name</c> (its file name when it has no <c>server</c>), or null when the catalog is broken.</summary>
    string? ServerName { get; }

    /// <summary>The name the file gives: its name without <c>.mcp.json</c> / <c>.json</c>.</summary>
    string FileServerName { get; }
}

/// <summary>A catalog turned into everything the emitter needs. Tools and types sorted ordinally.</summary>
internal sealed record CatalogSpec(
    string FilePath,
    string? ServerName,
    string FileServerName,
    string SupportClassName,
    EquatableArray<ToolSpec> Tools,
    EquatableArray<EnumSpec> Enums,
    EquatableArray<RecordSpec> Records,
    EquatableArray<DiagnosticSpec> Diagnostics,
    EquatableArray<InputSchemaSpec> InputSchemas = default,
    EquatableArray<UnionSpec> Unions = default) : ICatalogIdentity
{
    /// <summary>The server name the generated client's tools carry and policies are chosen by.</summary>
    public string Server => ServerName ?? FileServerName;
}

/// <summary>
/// A catalog reduced to what the embedded-data branch needs: what names it, and its tools' input schemas (so an edit of
/// a description or a result leaves that branch cached).
/// </summary>
/// <param name="FilePath">The catalog file's path.</param>
/// <param name="ServerName">Its <c>server.name</c>, or null when the catalog is broken.</param>
/// <param name="FileServerName">The name its file gives.</param>
/// <param name="InputSchemas">The tools' input schemas, by ordinal tool name.</param>
internal sealed record CatalogIdentitySpec(string FilePath, string? ServerName, string FileServerName, EquatableArray<InputSchemaSpec> InputSchemas) : ICatalogIdentity
{
    public static CatalogIdentitySpec Of(CatalogSpec catalog) => new(catalog.FilePath, catalog.ServerName, catalog.FileServerName, catalog.InputSchemas);
}

/// <summary>
/// One tool's input schema as compact JSON, a piece of what the client carries to run time; kept per tool, so no single
/// string of a large catalog's schemas is ever made (it would land on the large object heap).
/// </summary>
internal sealed record InputSchemaSpec(string Tool, string Json);

/// <summary>An <c>[McpClient]</c> class as plain values.</summary>
internal sealed record ClientSpec(
    string? Namespace,
    string ClassName,
    string CatalogName,
    bool IsPartial,
    bool IsNestedOrGeneric,
    LocationInfo? AttributeLocation)
{
    /// <summary>Whether another partial part can be added: partial, top-level, not generic or static.</summary>
    public bool CanExtend => IsPartial && !IsNestedOrGeneric;
}

/// <summary>A client with its catalog (null when none matched: see <see cref="Diagnostics"/>).</summary>
internal sealed record ClientModelSpec(ClientSpec Client, CatalogSpec? Catalog, EquatableArray<DiagnosticSpec> Diagnostics);

/// <summary>The generated types of one catalog in one namespace (emitted once however many clients use them).</summary>
internal sealed record TypesFileSpec(string? Namespace, CatalogSpec Catalog);

/// <summary>A policy file among the additional files.</summary>
/// <param name="Path">Its path.</param>
/// <param name="Server">The server of <c>&lt;server&gt;.policy.json</c>, or null for <c>policy.json</c>.</param>
/// <param name="Text">Its text, or null when it cannot be read.</param>
internal sealed record PolicyFileSpec(string Path, string? Server, string? Text);

/// <summary>
/// The client reduced to what the embedded-data branch needs (no location, so moving the attribute does not
/// re-run that branch).
/// </summary>
internal sealed record EmbeddingClientSpec(string? Namespace, string ClassName, string CatalogName);

/// <summary>
/// What is compiled into a client for use at run time: the project's policy (the one the analyzer checked the client's
/// calls against) and the input schemas of its catalog (the run-time guard validates calls against them). Further
/// per-client data of this kind belongs here too, as more members and more overrides in <c>Emitter.EmitEmbedded</c>.
/// </summary>
/// <param name="Client">The client.</param>
/// <param name="PolicyPath">The chosen policy file's path, or null when none applies.</param>
/// <param name="PolicyText">Its text; null when none applies. A file that cannot be read gives a text that fails closed.</param>
/// <param name="InputSchemas">The input schemas of the client's catalog, empty when no single catalog matches.</param>
internal sealed record EmbeddedSpec(EmbeddingClientSpec Client, string? PolicyPath, string? PolicyText, EquatableArray<InputSchemaSpec> InputSchemas);
