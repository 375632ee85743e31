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

            // 3. create_entities through the generated method: its entities are a generated record, not JSON.
            var create = clientType.GetMethod("CreateEntitiesAsync")!;
            var entitiesParameter = create.GetParameters()[0];
            Assert.Equal("entities", entitiesParameter.GetCustomAttribute<McpArgumentAttribute>()!.Name);
            Assert.Equal("create_entities", create.GetCustomAttribute<McpToolAttribute>()!.Name);
            Assert.True(entitiesParameter.ParameterType.IsGenericType && entitiesParameter.ParameterType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>),
                "entities should be a list, not " + entitiesParameter.ParameterType);
            var entityType = entitiesParameter.ParameterType.GetGenericArguments()[0];
            Assert.False(entityType == typeof(JsonElement), "entities should be typed records");
            var entity = Activator.CreateInstance(entityType, "TypedMcp", "project", new List<string> { "generates typed MCP clients" })!;
            var entities = Array.CreateInstance(entityType, 1);
            entities.SetValue(entity, 0);
            await Invoke(create, typed, entities);

            // 4. read_graph through the generated method: its typed result holds the entity, as the same record type.
            var read = clientType.GetMethod("ReadGraphAsync")!;
            var graph = await Invoke(read, typed);
            Assert.IsNotType<McpToolResult>(graph);
            var read0 = ((System.Collections.IEnumerable)graph!.GetType().GetProperty("Entities")!.GetValue(graph)!).Cast<object>().Single();
            Assert.Equal(entityType, read0.GetType());
            Assert.Equal(entity, read0, new RecordJsonComparer());
        }
        finally
        {
            if (File.Exists(memoryFile)) { File.Delete(memoryFile); }
        }
    }

    // Records holding lists compare the lists by reference; their JSON is the value.
    private sealed class RecordJsonComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => JsonSerializer.Serialize(x) == JsonSerializer.Serialize(y);

        public int GetHashCode(object obj) => JsonSerializer.Serialize(obj).GetHashCode(StringComparison.Ordinal);
    }

    private static async Task<object?> Invoke(MethodInfo method, object target, params object?[] leading)
    {
        var args = method.GetParameters().Select((p, i) => i < leading.Length ? leading[i] : p.HasDefaultValue ? p.DefaultValue : Type.Missing).ToArray();
        var task = (Task)method.Invoke(target, args)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }
}
