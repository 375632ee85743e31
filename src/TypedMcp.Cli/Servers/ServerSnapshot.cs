using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Cli.Servers;

/// <summary>What a live server reported: who it is and its tools, each as the JSON object <c>tools/list</c> returned.</summary>
/// <param name="Name">The server's <c>serverInfo.name</c>.</param>
/// <param name="Title">The server's <c>serverInfo.title</c>, or null.</param>
/// <param name="Version">The server's <c>serverInfo.version</c>, or null.</param>
/// <param name="Tools">The tools in the order the server listed them (all pages).</param>
internal sealed record ServerSnapshot(string Name, string? Title, string? Version, IReadOnlyList<LocatedJsonNode> Tools);
