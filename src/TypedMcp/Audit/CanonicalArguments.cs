using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TypedMcp;

/// <summary>
/// The canonical form of a call's arguments, hashed into audit lines and spans so that two records of the same call
/// can be matched without keeping its values. Canonical means: the JSON that is sent, with the members of every object
/// sorted by name (ordinal, UTF-16 code units), no whitespace, numbers exactly as written on the wire, strings escaped
/// only where JSON requires it (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other characters below U+0020 as
/// <c>\u00xx</c> in lowercase hex; everything else as UTF-8), arrays in order. The hash is the lowercase hex SHA-256
/// of those UTF-8 bytes. <c>{}</c> is the canonical form of a call without arguments.
/// </summary>
public static class CanonicalArguments
{
    /// <summary>The canonical UTF-8 bytes of <paramref name="arguments"/> (an object; anything else is written as it is, canonically).</summary>
    /// <param name="arguments">The arguments as sent.</param>
    public static byte[] ToUtf8(JsonElement arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(arguments, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The canonical text of <paramref name="arguments"/>.</summary>
    /// <param name="arguments">The arguments as sent.</param>
    public static string ToText(JsonElement arguments) => Encoding.UTF8.GetString(ToUtf8(arguments));

    /// <summary>The lowercase hex SHA-256 of the canonical form.</summary>
    /// <param name="arguments">The arguments as sent.</param>
    public static string Sha256(JsonElement arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(arguments, buffer);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <summary>The argument names, sorted ordinally (never the values).</summary>
    /// <param name="arguments">The arguments as sent.</param>
    public static IReadOnlyList<string> Keys(JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object) { return Array.Empty<string>(); }
        var keys = new List<string>();
        foreach (var member in arguments.EnumerateObject()) { keys.Add(member.Name); }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private static void Write(JsonElement element, ArrayBufferWriter<byte> output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                foreach (var member in element.EnumerateObject()) { members.Add(member); }
                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                Append(output, "{");
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0) { Append(output, ","); }
                    WriteString(members[i].Name, output);
                    Append(output, ":");
                    Write(members[i].Value, output);
                }

                Append(output, "}");
                break;
            case JsonValueKind.Array:
                Append(output, "[");
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) { Append(output, ","); }
                    first = false;
                    Write(item, output);
                }

                Append(output, "]");
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.Number:
                Append(output, element.GetRawText());
                break;
            case JsonValueKind.True:
                Append(output, "true");
                break;
            case JsonValueKind.False:
                Append(output, "false");
                break;
            default:
                Append(output, element.ValueKind == JsonValueKind.Undefined ? "{}" : "null");
                break;
        }
    }

    private static void WriteString(string value, ArrayBufferWriter<byte> output)
    {
        var text = new StringBuilder(value.Length + 2);
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ') { text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); }
                    else { text.Append(c); }
                    break;
            }
        }

        text.Append('"');
        Append(output, text.ToString());
    }

    private static void Append(ArrayBufferWriter<byte> output, string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, output.GetSpan(count));
        output.Advance(count);
    }
}
