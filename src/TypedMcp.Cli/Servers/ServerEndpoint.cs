using System;
using System.Collections.Generic;
using System.Globalization;

namespace TypedMcp.Cli.Servers;

/// <summary>How to reach a live MCP server: a process over stdio, or a URL over HTTP.</summary>
internal sealed class ServerEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>(StringComparer.Ordinal);

    private ServerEndpoint(string? commandLine, IReadOnlyList<string> command, Uri? url, IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
    {
        CommandLine = commandLine;
        Command = command;
        Url = url;
        Headers = headers;
        Timeout = timeout;
    }

    /// <summary>The name the server has in an MCP configuration file (<c>--config</c>), or null for <c>--stdio</c>/<c>--http</c>.</summary>
    public string? Name { get; private init; }

    /// <summary>Environment variables set for a stdio server (from a configuration file's <c>env</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private init; } = NoVariables;

    /// <summary>The working directory a stdio server starts in (a configuration file's <c>cwd</c>), or null for the current one.</summary>
    public string? WorkingDirectory { get; private init; }

    /// <summary>The client capabilities declared to the server (what <c>--client-capabilities</c> chose).</summary>
    public ClientCapabilitySet Capabilities { get; private init; } = ClientCapabilitySet.All;

    /// <summary>The <c>--stdio</c> command line as given, or null for HTTP.</summary>
    public string? CommandLine { get; }

    /// <summary>The program and its arguments (empty for HTTP).</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>The <c>--http</c> endpoint, or null for stdio.</summary>
    public Uri? Url { get; }

    /// <summary>Extra HTTP headers (<c>--header K=V</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>How long connecting and listing may take in all.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>A short description for messages, e.g. <c>stdio: npx server</c> or <c>http://host/mcp</c>.</summary>
    public string Display => Url is not null ? Url.ToString() : "stdio: " + CommandLine;

    /// <summary>The same endpoint declaring <paramref name="capabilities"/>.</summary>
    public ServerEndpoint WithCapabilities(ClientCapabilitySet capabilities) => new(CommandLine, Command, Url, Headers, Timeout)
    {
        Name = Name,
        Environment = Environment,
        WorkingDirectory = WorkingDirectory,
        Capabilities = capabilities,
    };

    /// <summary>A stdio server from an MCP configuration file: a program, its arguments, environment and working directory.</summary>
    /// <param name="name">The server's name in the file.</param>
    /// <param name="command">The program and its arguments.</param>
    /// <param name="environment">Variables to set for the process.</param>
    /// <param name="workingDirectory">The directory to start in, or null.</param>
    /// <param name="timeout">How long connecting and listing may take.</param>
    public static ServerEndpoint Stdio(string name, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string? workingDirectory, TimeSpan timeout)
        => new(CommandLineSplitter.Join(command), command, null, NoVariables, timeout)
        {
            Name = name,
            Environment = environment,
            WorkingDirectory = workingDirectory,
        };

    /// <summary>An HTTP server from an MCP configuration file.</summary>
    /// <param name="name">The server's name in the file.</param>
    /// <param name="url">Its endpoint.</param>
    /// <param name="headers">HTTP headers to send.</param>
    /// <param name="timeout">How long connecting and listing may take.</param>
    public static ServerEndpoint Http(string name, Uri url, IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
        => new(null, Array.Empty<string>(), url, headers, timeout) { Name = name };

    /// <summary>
    /// Builds an endpoint from the command options, or returns null when neither <c>--stdio</c> nor <c>--http</c> is given.
    /// </summary>
    /// <exception cref="CliException">Both are given, the URL or a header is malformed, or the timeout is not positive.</exception>
    public static ServerEndpoint? FromOptions(string? stdio, string? http, IReadOnlyList<string>? headers, int timeoutSeconds)
    {
        if (stdio is null && http is null)
        {
            if (headers is { Count: > 0 }) { throw new CliException("--header needs --http <url>."); }
            return null;
        }

        if (stdio is not null && http is not null) { throw new CliException("Give either --stdio or --http, not both."); }
        if (timeoutSeconds <= 0) { throw new CliException($"--timeout must be a positive number of seconds, not {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}."); }
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var headerMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (stdio is not null)
        {
            if (headers is { Count: > 0 }) { throw new CliException("--header applies to --http only; a stdio server gets no HTTP headers."); }
            var command = CommandLineSplitter.Split(stdio);
            if (command.Count == 0) { throw new CliException("--stdio needs a command line, e.g. --stdio \"npx -y @modelcontextprotocol/server-filesystem /tmp\"."); }
            return new ServerEndpoint(stdio, command, null, headerMap, timeout);
        }

        if (!Uri.TryCreate(http, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--http needs an absolute http:// or https:// URL, not '{http}'.");
        }

        foreach (var h in headers ?? Array.Empty<string>())
        {
            var eq = h.IndexOf('=');
            if (eq <= 0) { throw new CliException($"--header must be NAME=VALUE (e.g. --header \"Authorization=Bearer abc\"), not '{h}'."); }
            headerMap[h.Substring(0, eq).Trim()] = h.Substring(eq + 1);
        }

        return new ServerEndpoint(null, Array.Empty<string>(), url, headerMap, timeout);
    }
}
