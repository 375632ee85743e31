namespace TypedMcp.Generators.Generation.PolicyEmbedding;

// These records are the pipeline's cache keys: plain strings and booleans compared by value, never a symbol,
// syntax node, AdditionalText or Compilation.

/// <summary>An <c>[McpClient]</c> class.</summary>
/// <param name="Namespace">Its namespace, or null for the global one.</param>
/// <param name="ClassName">Its name.</param>
/// <param name="Catalog">The attribute's catalog argument.</param>
/// <param name="CanExtend">Whether another partial part can be added (partial, not nested, generic or static).</param>
internal sealed record PolicyClientSpec(string? Namespace, string ClassName, string Catalog, bool CanExtend);

/// <summary>A policy file among the AdditionalFiles.</summary>
/// <param name="Path">Its path.</param>
/// <param name="Server">The server of <c>&lt;server&gt;.policy.json</c>, or null for <c>policy.json</c>.</param>
/// <param name="Text">Its text, or null when it cannot be read.</param>
internal sealed record PolicyFileSpec(string Path, string? Server, string? Text);

/// <summary>A client with the policy compiled into it.</summary>
/// <param name="Client">The client.</param>
/// <param name="PolicyPath">The chosen policy file's path, or null when none applies.</param>
/// <param name="PolicyText">Its text; null when none applies. A file that cannot be read gives a text that fails closed.</param>
/// <param name="InputSchemasJson">The input schemas of the client's catalog (one JSON object), or null when no single catalog matches.</param>
internal sealed record EmbeddedPolicySpec(PolicyClientSpec Client, string? PolicyPath, string? PolicyText, string? InputSchemasJson = null);
