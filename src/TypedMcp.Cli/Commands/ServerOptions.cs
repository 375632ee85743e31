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

    public void AddTo(Command command)
    {
        command.Add(Stdio);
        command.Add(Http);
        command.Add(Header);
        command.Add(Timeout);
    }

    /// <summary>The endpoint the options name, or null when neither --stdio nor --http was given.</summary>
    public ServerEndpoint? Read(ParseResult parse)
        => ServerEndpoint.FromOptions(parse.GetValue(Stdio), parse.GetValue(Http), parse.GetValue(Header), parse.GetValue(Timeout));
}
