using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// Nix lexical syntax: string literals, attribute names, lists. Every string that reaches Nix
/// text goes through <see cref="String"/>; nothing else in the harness interpolates Nix.
/// </summary>
public static class NixSyntax
{
    private static readonly HashSet<string> Keywords =
        ["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or", "import", "true", "false", "null", "__curPos"];

    /// <summary>
    /// A double-quoted Nix string with exactly the value <paramref name="value"/>.
    /// Every <c>$</c> is escaped (<c>\$</c> is a literal dollar), so neither <c>${</c> nor
    /// <c>$${</c> can start an interpolation; <c>\</c>, <c>"</c> and the three control characters
    /// Nix has escapes for are escaped; everything else (unicode, other control bytes) is literal.
    /// NUL cannot be represented (Nix strings are C strings) and is rejected.
    /// </summary>
    public static string String(string value)
    {
        if (value.Contains('\0'))
            throw new ArgumentException("Nix strings cannot contain NUL characters", nameof(value));
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '$' => "\\$",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Whether <paramref name="name"/> can be written bare as an attribute name.</summary>
    public static bool IsBareIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '\'' or '-')
        && !Keywords.Contains(name);

    /// <summary>An attribute name: bare when possible, else a quoted string.</summary>
    public static string AttrName(string name) => IsBareIdentifier(name) ? name : String(name);

    /// <summary>A dotted attribute path in Nix source, e.g. <c>clan.machines."a.b"</c>.</summary>
    public static string AttrPath(params string[] segments) => string.Join('.', segments.Select(AttrName));

    /// <summary>
    /// An attribute path on the nix command line (after <c>#</c>). The CLI splits on dots and
    /// honours double quotes but has no escapes, so a segment containing <c>"</c> cannot be
    /// addressed there (the harness never needs one: such names are reached through data).
    /// </summary>
    public static string InstallableAttrPath(IEnumerable<string> segments) =>
        string.Join('.', segments.Select(s =>
        {
            if (s.Contains('"')) throw new ArgumentException($"attribute '{s}' cannot be addressed on the nix command line (it contains a double quote)");
            return s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? s : "\"" + s + "\"";
        }));

    /// <summary>A list literal of strings.</summary>
    public static string StringList(IEnumerable<string> values) =>
        "[ " + string.Concat(values.Select(v => String(v) + " ")) + "]";

    /// <summary>JSON as written to files Nix reads with <c>builtins.fromJSON</c> (readable unicode, indented).</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions) + "\n";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
