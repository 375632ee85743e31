using System;
using System.IO;
using System.Text;
using TypedMcp.Cli.Output;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Cli.Catalogs;

/// <summary>Reads and writes catalog files for the commands, turning every problem into a located message.</summary>
internal static class CatalogFiles
{
    /// <summary>Reads a text file, or fails with a message that names it.</summary>
    /// <exception cref="CliException">The file is missing or cannot be read.</exception>
    public static string ReadText(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) { throw new CliException($"No {what} file was given."); }
        if (Directory.Exists(path)) { throw new CliException($"{path} is a directory; give the path of the {what} file."); }
        if (!File.Exists(path)) { throw new CliException($"{path}: the {what} file does not exist."); }
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new CliException($"{path}: the {what} file cannot be read: {e.Message}", ExitCodes.Failure, e);
        }
    }

    /// <summary>
    /// Reads and parses a catalog. Warnings go to stderr; any error is printed at file(line,col) and the command fails,
    /// since a catalog with errors would compare or classify only part of the tools.
    /// </summary>
    /// <exception cref="CliException">The file is missing, unreadable or has errors.</exception>
    public static CatalogDocument Load(string path, CliOutput output)
    {
        var text = ReadText(path, "catalog");
        var result = CatalogParser.Parse(text, path);
        var errors = PrintDiagnostics(result.Diagnostics, output);
        if (result.Catalog is null || errors > 0)
        {
            throw new CliException($"{path} is not a usable catalog: {Count(errors, "error")} (listed above). Fix the file, or import it again with 'typedmcp import'.");
        }

        return result.Catalog;
    }

    /// <summary>Prints diagnostics on stderr as <c>file(line,col): severity ID: message</c> and returns how many are errors.</summary>
    public static int PrintDiagnostics(System.Collections.Generic.IEnumerable<ModelDiagnostic> diagnostics, CliOutput output)
    {
        var errors = 0;
        foreach (var d in diagnostics)
        {
            if (d.Severity == ModelSeverity.Error) { errors++; }
            output.Error.WriteLine(d.ToString());
        }

        return errors;
    }

    /// <summary>Writes JSON to a file (UTF-8 without BOM, LF), creating its folder.</summary>
    /// <exception cref="CliException">The file cannot be written.</exception>
    public static void Write(string path, LocatedJsonNode node)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) { Directory.CreateDirectory(folder); }
            File.WriteAllText(path, LocatedJsonWriter.Write(node), new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot write the file: {e.Message}", ExitCodes.Failure, e);
        }
    }

    /// <summary>E.g. <c>1 error</c>, <c>3 errors</c>.</summary>
    public static string Count(int n, string noun) => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
}
