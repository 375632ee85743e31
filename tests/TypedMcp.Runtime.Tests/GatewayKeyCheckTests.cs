using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using TypedMcp.Runtime.Tests.Attacks;

namespace TypedMcp.Runtime.Tests;

/// <summary>
/// The duplicate/case-twin key check clears ordinary messages in one pass over the bytes and leaves everything else
/// (many keys in one object, deep nesting, keys that are escaped or not ASCII on the wire) to the full walk over the
/// parsed message. These calls take the second road, through every public API, and must still be refused.
/// </summary>
public sealed class GatewayKeyCheckTests
{
    public static IEnumerable<object[]> Apis => AttackTarget.AllApis();

    private static Dictionary<string, object?> Options(string json)
        => new(StringComparer.Ordinal) { ["options"] = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 }).RootElement.Clone() };

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_case_twin_after_many_keys_is_refused(Api api)
    {
        await using var target = await AttackTarget.StartAsync(api);
        var keys = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"k{i}\":{i}"));

        var twin = await target.CallAsync("configure", Options("{\"mode\":\"safe\"," + keys + ",\"MODE\":\"delete\"}"));

        Assert.True(twin.Refused, twin.Text);
        Assert.Contains("differ only in case", twin.Text, StringComparison.Ordinal);
        Assert.Empty(target.Server.Reached);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_duplicate_deep_down_is_refused(Api api)
    {
        await using var target = await AttackTarget.StartAsync(api);
        var depth = 40;
        var json = "{\"mode\":\"safe\",\"x\":" + string.Concat(Enumerable.Repeat("{\"y\":", depth)) + "{\"z\":1,\"z\":2}" + new string('}', depth) + "}";

        var deep = await target.CallAsync("configure", Options(json));

        Assert.True(deep.Refused, deep.Text);
        Assert.Contains("twice", deep.Text, StringComparison.Ordinal);
        Assert.Empty(target.Server.Reached);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Case_twins_outside_ASCII_are_refused(Api api)
    {
        await using var target = await AttackTarget.StartAsync(api);

        // Written escaped on the wire (\u00C4, \u00E4) by the default encoder.
        var twin = await target.CallAsync("configure", Options("{\"mode\":\"safe\",\"\u00C4rger\":1,\"\u00E4rger\":2}"));

        Assert.True(twin.Refused, twin.Text);
        Assert.Contains("differ only in case", twin.Text, StringComparison.Ordinal);
        Assert.Empty(target.Server.Reached);
    }
}
