using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conformance.Model.Services;

/// <summary>
/// Option paths as nixpkgs' <c>lib.showOption</c> prints them in error messages: parts joined by
/// dots, each one not an identifier quoted as a Nix string (<c>escapeNixIdentifier</c>), except
/// <c>*</c> and named placeholders <c>&lt;…&gt;</c>.
/// </summary>
internal static partial class OptionPaths
{
    public static string Show(params string[] parts) => string.Join('.', parts.Select(Escape));

    public static string Escape(string part) =>
        part == "*" || Placeholder().IsMatch(part) || Identifier().IsMatch(part)
            ? part
            : JsonSerializer.Serialize(part, Relaxed).Replace("$", "\\$");

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"\A[a-zA-Z_][a-zA-Z0-9_'-]*\z")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\A<.*>\z", RegexOptions.Singleline)]
    private static partial Regex Placeholder();
}
