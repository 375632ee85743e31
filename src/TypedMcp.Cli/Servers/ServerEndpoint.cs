using System;
using System.Collections.Generic;
using System.Globalization;

namespace TypedMcp.Cli.Servers;

/// <summary>How to reach a live MCP server: a process over stdio, or a URL over HTTP.</summary>
internal sealed class ServerEndpoint
{
    private ServerEndpoint(string? commandLine, IReadOnlyList<string> command, Uri? url, IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
    {
        CommandLine = commandLine;
        Command = command;
        Url = url;
        Headers = headers;
        Timeout = timeout;
    }

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
