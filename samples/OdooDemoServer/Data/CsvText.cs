using System.Collections.Generic;
using System.Text;

namespace OdooDemoServer.Data;

/// <summary>Writes RFC 4180 CSV: comma separated, CRLF line ends, fields quoted when they hold a comma, quote or line break.</summary>
internal sealed class CsvText
{
    private readonly StringBuilder _text = new();

    /// <summary>Appends one record.</summary>
    public void WriteRecord(IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) { _text.Append(','); }
            first = false;
            if (field.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0)
            {
                _text.Append('"').Append(field.Replace("\"", "\"\"", System.StringComparison.Ordinal)).Append('"');
            }
            else
            {
                _text.Append(field);
            }
        }

        _text.Append("\r\n");
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
