namespace TypedMcp.Generators.Generation;

// Every *Spec is a cache key of the incremental pipeline: sealed records of strings, numbers, enums and
// EquatableArray, compared by value. Never put an ISymbol, SyntaxNode, Location, AdditionalText or
// Compilation in them: that would keep old compilations alive and make every step re-run.

/// <summary>What a C# type of a parameter or result member is made of.</summary>
internal enum TypeKind
{
    String,
    Int64,
    Double,
    Boolean,
    DateTime,
    Json,
    Enum,
    Record,
    Array,
    CsvRows,
}

/// <summary>A C# type: a kind, the name of a generated type (enum, record, CSV row) and an element for arrays.</summary>
internal sealed record TypeRefSpec(TypeKind Kind, string? Name = null, TypeRefSpec? Element = null)
{
    public static readonly TypeRefSpec String = new(TypeKind.String);
    public static readonly TypeRefSpec Int64 = new(TypeKind.Int64);
    public static readonly TypeRefSpec Double = new(TypeKind.Double);
    public static readonly TypeRefSpec Boolean = new(TypeKind.Boolean);
    public static readonly TypeRefSpec DateTime = new(TypeKind.DateTime);
    public static readonly TypeRefSpec Json = new(TypeKind.Json);

    public bool IsValueType => Kind is TypeKind.Int64 or TypeKind.Double or TypeKind.Boolean or TypeKind.DateTime or TypeKind.Json or TypeKind.Enum;
}

/// <summary>One parameter of a generated method.</summary>
internal sealed record ParameterSpec(string WireName, string CSharpName, bool IsRequired, TypeRefSpec Type, string? Description, string? DefaultJson);

/// <summary>One generated method.</summary>
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
    string? ResultRecord);

/// <summary>One member of a generated enum: its C# name and the exact wire string.</summary>
internal sealed record EnumMemberSpec(string Name, string WireValue);

/// <summary>A generated enum.</summary>
internal sealed record EnumSpec(string Name, string Summary, EquatableArray<EnumMemberSpec> Members);

/// <summary>One member of a generated result record.</summary>
internal sealed record PropertySpec(string WireName, string Name, TypeRefSpec Type, bool IsRequired, bool IsNullable, string? Description);

/// <summary>A generated result record (also used for CSV rows, whose properties are columns).</summary>
internal sealed record RecordSpec(string Name, string Summary, string ToolName, bool IsCsvRow, EquatableArray<PropertySpec> Properties);

/// <summary>A catalog turned into everything the emitter needs. Tools and types sorted ordinally.</summary>
internal sealed record CatalogSpec(
    string FilePath,
    string? ServerName,
    string FileServerName,
    string SupportClassName,
    EquatableArray<ToolSpec> Tools,
    EquatableArray<EnumSpec> Enums,
    EquatableArray<RecordSpec> Records,
    EquatableArray<DiagnosticSpec> Diagnostics) : ICatalogIdentity;

/// <summary>An <c>[McpClient]</c> class as plain values.</summary>
internal sealed record ClientSpec(
    string? Namespace,
    string ClassName,
    string CatalogName,
    bool IsPartial,
    bool IsNestedOrGeneric,
    LocationInfo? AttributeLocation);

/// <summary>A client with its catalog (null when none matched: see <see cref="Diagnostics"/>).</summary>
internal sealed record ClientModelSpec(ClientSpec Client, CatalogSpec? Catalog, EquatableArray<DiagnosticSpec> Diagnostics);

/// <summary>The generated types of one catalog in one namespace (emitted once however many clients use them).</summary>
internal sealed record TypesFileSpec(string? Namespace, CatalogSpec Catalog);
