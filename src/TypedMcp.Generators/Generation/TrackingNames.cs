namespace TypedMcp.Generators.Generation;

/// <summary>The names of the generator's pipeline steps (for incremental-caching tests).</summary>
internal static class TrackingNames
{
    /// <summary>Each <c>[McpClient]</c> class, as a <see cref="ClientSpec"/>.</summary>
    public const string Clients = nameof(Clients);

    /// <summary>Each <c>.json</c> additional file, parsed when it is a catalog (null otherwise).</summary>
    public const string CatalogFiles = nameof(CatalogFiles);

    /// <summary>The catalogs among the additional files, as <see cref="CatalogSpec"/>.</summary>
    public const string Catalogs = nameof(Catalogs);

    /// <summary>Each client joined with its catalog, as <see cref="ClientModelSpec"/>.</summary>
    public const string ClientModels = nameof(ClientModels);

    /// <summary>The generated types, one file per namespace and catalog, as <see cref="TypesFileSpec"/>.</summary>
    public const string TypeFiles = nameof(TypeFiles);
}
