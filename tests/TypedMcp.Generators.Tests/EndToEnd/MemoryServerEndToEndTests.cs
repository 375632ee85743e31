using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ModelContextProtocol.Client;
using TypedMcp.Generators.Tests.Infrastructure;
using TypedMcp.TestSupport;

namespace TypedMcp.Generators.Tests.EndToEnd;

/// <summary>
/// A real third-party server from the npm registry (@modelcontextprotocol/server-memory over stdio): its live
/// tools/list becomes a catalog, the generator runs on it, the output is compiled and loaded, and tools are
/// called through the generated methods.
/// </summary>
public sealed class MemoryServerEndToEndTests
{
    private static string ServersDir => typeof(MemoryServerEndToEndTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McpServersDir").Value!;

    [Fact]
    public async Task A_client_generated_from_the_live_tools_list_calls_the_real_memory_server()
    {
        var memoryFile = Path.Combine(Path.GetTempPath(), "typedmcp-memory-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "memory",
            Command = Path.Combine(ServersDir, "node_modules", ".bin", "mcp-server-memory"),
            EnvironmentVariables = new Dictionary<string, string?> { ["MEMORY_FILE_PATH"] = memoryFile },
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: CancellationToken.None);
        try
        {
            // 1. The live tools/list, written as a catalog.
            var tools = await client.ListToolsAsync(cancellationToken: CancellationToken.None);
            var catalog = new JsonObject
            {
                ["server"] = new JsonObject { ["name"] = "memory" },
                ["tools"] = new JsonArray(tools.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t =>
                {
                    var o = new JsonObject { ["name"] = t.Name, ["description"] = t.Description, ["inputSchema"] = JsonNode.Parse(t.ProtocolTool.InputSchema.GetRawText()) };
                    if (t.ProtocolTool.OutputSchema is { } output) { o["outputSchema"] = JsonNode.Parse(output.GetRawText()); }
                    return (JsonNode)o;
                }).ToArray()),
            };
            Assert.Contains(tools, t => t.Name == "create_entities");
            Assert.Contains(tools, t => t.Name == "read_graph");

            // 2. Generate and compile in memory.
            var run = Pipeline.RunStrict(Pipeline.ClientSource("memory", "MemoryClient", "Live"), ("/live/catalog/memory.mcp.json", catalog.ToJsonString()));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Empty(run.CompilationProblems());
            using var image = new MemoryStream();
            var emitted = run.Output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var assembly = Assembly.Load(image.ToArray());
            var clientType = assembly.GetType("Live.MemoryClient")!;
            var typed = Activator.CreateInstance(clientType, client)!;

            // 3. create_entities through the generated method.
            var create = clientType.GetMethod("CreateEntitiesAsync")!;
            var entitiesParameter = create.GetParameters()[0];
            Assert.Equal("entities", entitiesParameter.GetCustomAttribute<McpArgumentAttribute>()!.Name);
            Assert.Equal("create_entities", create.GetCustomAttribute<McpToolAttribute>()!.Name);
            var entity = JsonDocument.Parse("""{ "name": "TypedMcp", "entityType": "project", "observations": ["generates typed MCP clients"] }""").RootElement;
            object entities = entitiesParameter.ParameterType == typeof(IReadOnlyList<JsonElement>)
                ? new List<JsonElement> { entity }
                : throw new InvalidOperationException("Unexpected parameter type " + entitiesParameter.ParameterType);
            await Invoke(create, typed, entities);

            // 4. read_graph through the generated method: the entity is there.
            var read = clientType.GetMethod("ReadGraphAsync")!;
            var graph = await Invoke(read, typed);
            var text = graph is McpToolResult raw ? raw.Text : JsonSerializer.Serialize(graph, graph!.GetType());
            Assert.Contains("TypedMcp", text, StringComparison.Ordinal);
            Assert.Contains("generates typed MCP clients", text, StringComparison.Ordinal);
        }
        finally
        {
            if (File.Exists(memoryFile)) { File.Delete(memoryFile); }
        }
    }

    private static async Task<object?> Invoke(MethodInfo method, object target, params object?[] leading)
    {
        var args = method.GetParameters().Select((p, i) => i < leading.Length ? leading[i] : p.HasDefaultValue ? p.DefaultValue : Type.Missing).ToArray();
        var task = (Task)method.Invoke(target, args)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }
}
