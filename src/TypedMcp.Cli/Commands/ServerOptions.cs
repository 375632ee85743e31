using System.CommandLine;
using TypedMcp.Cli.Servers;

namespace TypedMcp.Cli.Commands;

/// <summary>The options that name a live server, shared by <c>import</c> and <c>diff</c>.</summary>
internal sealed class ServerOptions
{
    /// <summary>The default for <c>--timeout</c>, in seconds.</summary>
    public const int DefaultTimeoutSeconds = 30;

    public Option<string?> Stdio { get; } = new("--stdio")
    {
        Description = "Start the MCP server with this command line and talk to it over stdin/stdout, e.g. \"npx -y @modelcontextprotocol/server-filesystem /tmp\".",
        HelpName = "command line",
    };

    public Option<string?> Http { get; } = new("--http")
    {
        Description = "Connect to an MCP server over HTTP (Streamable HTTP, falling back to SSE) at this URL.",
        HelpName = "url",
    };

    public Option<string[]> Header { get; } = new("--header")
    {
        Description = "An HTTP header for --http, as NAME=VALUE (repeatable), e.g. --header \"Authorization=Bearer abc\".",
        HelpName = "NAME=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds allowed for connecting and listing the tools (default 30).",
        HelpName = "seconds",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    public Option<string[]> Capabilities { get; } = new("--client-capabilities")
    {
        Description = "The client capabilities to declare, comma-separated: sampling, elicitation, roots, or none (default: all three). Some servers list tools only to clients that declare them; typedmcp answers roots with an empty list, declines elicitations and refuses sampling.",
        HelpName = "list",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Add(Stdio);
        command.Add(Http);
        command.Add(Header);
        command.Add(Timeout);
        command.Add(Capabilities);
    }

    /// <summary>The endpoint the options name, or null when neither --stdio nor --http was given.</summary>
    public ServerEndpoint? Read(ParseResult parse)
        => ServerEndpoint.FromOptions(parse.GetValue(Stdio), parse.GetValue(Http), parse.GetValue(Header), parse.GetValue(Timeout))
            ?.WithCapabilities(ReadCapabilities(parse));

    /// <summary>The capabilities <c>--client-capabilities</c> chose (all by default).</summary>
    public ClientCapabilitySet ReadCapabilities(ParseResult parse) => ClientCapabilitySet.Parse(parse.GetValue(Capabilities));

    /// <summary>The <c>--timeout</c> value as a span, checked to be positive.</summary>
    public System.TimeSpan ReadTimeout(ParseResult parse)
    {
        var seconds = parse.GetValue(Timeout);
        if (seconds <= 0) { throw new CliException($"--timeout must be a positive number of seconds, not {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}."); }
        return System.TimeSpan.FromSeconds(seconds);
    }
}
