using System;

namespace TypedMcp.Cli;

/// <summary>
/// A failure the user can act on: its message is printed on stderr as it is (no stack trace) and the process exits
/// with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do, in one or two sentences.</param>
    /// <param name="exitCode">The exit code; <see cref="ExitCodes.Failure"/> by default.</param>
    /// <param name="innerException">The underlying exception, if any (never shown to the user).</param>
    public CliException(string message, int exitCode = ExitCodes.Failure, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
