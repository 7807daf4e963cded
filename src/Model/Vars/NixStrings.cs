using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Conformance.Model.Vars;

/// <summary>The few Nix builtins and nixpkgs lib functions the vars model needs, on plain values.</summary>
internal static partial class NixStrings
{
    /// <summary>
    /// nixpkgs' <c>lib.strings.sanitizeDerivationName</c>: a valid store name is kept; otherwise
    /// leading dots are dropped, every run of characters outside <c>[[:alnum:]+._?=-]</c> becomes
    /// <c>-</c>, the last 207 characters are kept, and an empty result is <c>unknown</c>.
    /// </summary>
    public static string SanitizeDerivationName(string name)
    {
        if (name.Length <= 207 && ValidName().IsMatch(name)) return name;
        var s = name.TrimStart('.');
        s = Invalid().Replace(s, "-");
        if (s.Length > 207) s = s[^207..];
        return s.Length == 0 ? "unknown" : s;
    }

    /// <summary>
    /// <c>builtins.toJSON</c>: attribute names sorted, no whitespace, strings escaped as Nix does
    /// (<c>"</c>, <c>\</c>, and control characters; everything else as is).
    /// </summary>
    public static string ToJson(JsonNode? value)
    {
        var b = new StringBuilder();
        Write(b, value);
        return b.ToString();
    }

    /// <summary><c>builtins.hashString "sha256"</c>, lower-case hex.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void Write(StringBuilder b, JsonNode? value)
    {
        switch (value)
        {
            case null: b.Append("null"); break;
            case JsonObject o:
                b.Append('{');
                var first = true;
                foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) b.Append(',');
                    first = false;
                    String(b, k);
                    b.Append(':');
                    Write(b, v);
                }
                b.Append('}');
                break;
            case JsonArray a:
                b.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) b.Append(',');
                    Write(b, a[i]);
                }
                b.Append(']');
                break;
            case JsonValue v when v.TryGetValue<string>(out var s): String(b, s); break;
            case JsonValue v when v.TryGetValue<bool>(out var flag): b.Append(flag ? "true" : "false"); break;
            case JsonValue v when v.TryGetValue<long>(out var n): b.Append(n.ToString(CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"the vars model only serialises booleans, integers, strings, lists and attribute sets, not {value.ToJsonString()}");
        }
    }

    private static void String(StringBuilder b, string s)
    {
        b.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case < ' ': b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: b.Append(c); break;
            }
        }
        b.Append('"');
    }

    [GeneratedRegex("^[A-Za-z0-9+_?=-][A-Za-z0-9+._?=-]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^A-Za-z0-9+._?=-]+")]
    private static partial Regex Invalid();
}
