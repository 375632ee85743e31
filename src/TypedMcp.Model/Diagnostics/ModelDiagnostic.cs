using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Diagnostics;

/// <summary>How serious a <see cref="ModelDiagnostic"/> is. Mirrors Roslyn's DiagnosticSeverity.</summary>
internal enum ModelSeverity
{
    /// <summary>Information: nothing is wrong, but the user should know (e.g. a value typed as free-form JSON, and why).</summary>
    Info = 1,
    /// <summary>A warning: the file is usable, but probably not as meant.</summary>
    Warning = 2,
    /// <summary>An error: the file (or this part of it) cannot be used.</summary>
    Error = 3,
}

/// <summary>
/// A problem found in a catalog or policy file, located at line and column. The generator and analyzer turn
/// these into Roslyn diagnostics with the same <see cref="Id"/>; the CLI prints them as <c>file(line,col): error ID: message</c>.
/// Value-equatable, so lists of them can be cached by the incremental generator.
/// </summary>
/// <param name="Id">A <c>TMCP</c> id from <see cref="DiagnosticIds"/>.</param>
/// <param name="Severity">Default severity.</param>
/// <param name="Message">The full message: what is wrong and what to do.</param>
/// <param name="FilePath">The file the problem is in, when known.</param>
/// <param name="Span">Where in that file.</param>
internal sealed record ModelDiagnostic(string Id, ModelSeverity Severity, string Message, string? FilePath, SourceSpan Span)
{
    /// <summary>Whether any of <paramref name="diagnostics"/> is an error.</summary>
    public static bool AnyError(IReadOnlyList<ModelDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            if (d.Severity == ModelSeverity.Error) { return true; }
        }

        return false;
    }

    /// <summary>Formats the diagnostic the way compilers print them.</summary>
    public override string ToString()
    {
        var where = Span.IsKnown ? Span.Format(FilePath) : (FilePath ?? string.Empty);
        var sev = Severity switch { ModelSeverity.Error => "error", ModelSeverity.Warning => "warning", _ => "info" };
        return string.IsNullOrEmpty(where) ? $"{sev} {Id}: {Message}" : $"{where}: {sev} {Id}: {Message}";
    }
}
