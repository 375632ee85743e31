namespace TypedMcp.Generators.Generation;

/// <summary>The names of the generator's pipeline steps, one per step (for incremental-caching tests and step timings).</summary>
internal static class TrackingNames
{
    /// <summary>The file conventions from the project's options, as <see cref="TypedMcp.Files.FileConventions"/>.</summary>
    public const string Conventions = nameof(Conventions);

    /// <summary>Each <c>[McpClient]</c> class, as a <see cref="ClientSpec"/>.</summary>
    public const string Clients = nameof(Clients);

    /// <summary>Each catalog among the additional files, parsed once and modelled, with its diagnostics, as a <see cref="CatalogSpec"/>.</summary>
    public const string CatalogFiles = nameof(CatalogFiles);

    /// <summary>Each catalog's model without its diagnostics (what the branches use), as a <see cref="CatalogSpec"/>.</summary>
    public const string Catalogs = nameof(Catalogs);

    /// <summary>Each catalog reduced to the names <c>[McpClient]</c> may use for it, as a <see cref="CatalogIdentitySpec"/>.</summary>
    public const string CatalogIdentities = nameof(CatalogIdentities);

    /// <summary>Each policy file among the additional files, as a <see cref="PolicyFileSpec"/>.</summary>
    public const string PolicyFiles = nameof(PolicyFiles);

    /// <summary>Each client joined with its catalog, as a <see cref="ClientModelSpec"/> (the client branch).</summary>
    public const string ClientModels = nameof(ClientModels);

    /// <summary>Each client model with the type names two catalogs share in its namespace qualified, as a <see cref="ClientModelSpec"/>.</summary>
    public const string QualifiedModels = nameof(QualifiedModels);

    /// <summary>The generated types, one file per namespace and catalog, as a <see cref="TypesFileSpec"/> (the types branch).</summary>
    public const string TypeFiles = nameof(TypeFiles);

    /// <summary>Each client with the data compiled into it, as an <see cref="EmbeddedSpec"/> (the embedded-data branch).</summary>
    public const string EmbeddedData = nameof(EmbeddedData);

    /// <summary>Every step name, in pipeline order.</summary>
    public static readonly string[] All = { Conventions, Clients, CatalogFiles, Catalogs, CatalogIdentities, PolicyFiles, ClientModels, QualifiedModels, TypeFiles, EmbeddedData };
}
