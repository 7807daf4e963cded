using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Conformance.WorkflowRehearsal.Expressions;

/// <summary>
/// GitHub Actions expressions (<c>${{ … }}</c>), the subset workflow files of this repository use:
/// literals (<c>'text'</c>, numbers, <c>true</c>, <c>false</c>, <c>null</c>), contexts with
/// <c>.name</c> and <c>['name']</c>/<c>[0]</c> access, <c>!</c>, <c>==</c>, <c>!=</c>, <c>&lt;</c>,
/// <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&amp;&amp;</c>, <c>||</c>, parentheses and the functions
/// <c>success always cancelled failure hashFiles contains startsWith endsWith format join toJSON fromJSON</c>.
/// Semantics follow https://docs.github.com/en/actions/reference/workflows-and-actions/expressions:
/// <c>&amp;&amp;</c>/<c>||</c> return an operand (not a boolean), string comparison ignores case, values of
/// different types compare as numbers. Anything else (an unknown function, the <c>.*</c> filter) is an
/// error naming it, never a silent null.
/// </summary>
public static class Expression
{
    /// <summary>Evaluates one expression (the text inside <c>${{ }}</c>, or a bare <c>if:</c>).</summary>
    public static object? Evaluate(string expression, ExpressionContext context) => new Parser(expression).ParseAll().Evaluate(context);

    /// <summary>Whether an expression names a status function (then <c>if:</c> gets no implicit <c>success() &amp;&amp;</c>).</summary>
    public static bool UsesStatusFunction(string expression) =>
        new Parser(expression).ParseAll().Calls().Any(f => f is "success" or "always" or "cancelled" or "failure");

    /// <summary>
    /// A string with <c>${{ }}</c> parts replaced by their values as text. When the whole string is
    /// one expression its value keeps its type (what <c>if:</c> and <c>continue-on-error:</c> read).
    /// </summary>
    public static object? Interpolate(string text, ExpressionContext context)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("${{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal) && trimmed.IndexOf("${{", 3, StringComparison.Ordinal) < 0)
            return Evaluate(trimmed[3..^2], context);
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var start = text.IndexOf("${{", at, StringComparison.Ordinal);
            if (start < 0) { result.Append(text, at, text.Length - at); break; }
            var end = text.IndexOf("}}", start + 3, StringComparison.Ordinal);
            if (end < 0) throw new ExpressionException($"'{text}': '${{{{' without its closing '}}}}'");
            result.Append(text, at, start - at).Append(ToText(Evaluate(text[(start + 3)..end], context)));
            at = end + 2;
        }
        return result.ToString();
    }

    public static string InterpolateText(string text, ExpressionContext context) => ToText(Interpolate(text, context));

    /// <summary>GitHub's truthiness: false, 0, -0, NaN, '' and null are false; everything else is true.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>A value as text in a string: null is empty, numbers without a needless fraction, objects as JSON.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(d == Math.Floor(d) && Math.Abs(d) < 1e15 ? "0" : "R", CultureInfo.InvariantCulture),
        string s => s,
        _ => ToJson(value),
    };

    public static string ToJson(object? value) => JsonSerializer.Serialize(ToPlain(value), new JsonSerializerOptions { WriteIndented = true });

    private static object? ToPlain(object? value) => value switch
    {
        IDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => ToPlain(kv.Value)),
        IList<object?> list => list.Select(ToPlain).ToList(),
        _ => value,
    };

    public static object? FromJson(string json)
    {
        try { return FromElement(JsonDocument.Parse(json).RootElement); }
        catch (JsonException e) { throw new ExpressionException($"fromJSON: not JSON: {e.Message}"); }
    }

    private static object? FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => new Dictionary<string, object?>(e.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, FromElement(p.Value))), StringComparer.OrdinalIgnoreCase),
        JsonValueKind.Array => e.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Loose conversion to a number for comparisons (GitHub: null 0, booleans 1/0, strings parsed, '' 0, objects NaN).</summary>
    internal static double ToNumber(object? value) => value switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        double d => d,
        string s when s.Trim().Length == 0 => 0,
        string s when s.Trim().StartsWith("0x", StringComparison.OrdinalIgnoreCase) =>
            long.TryParse(s.Trim()[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h : double.NaN,
        string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        _ => double.NaN,
    };

    /// <summary><c>==</c>: same types compare directly (strings ignoring case, objects by identity); different types as numbers.</summary>
    internal static bool LooseEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
        (bool x, bool y) => x == y,
        (double x, double y) => x == y,
        (IDictionary<string, object?> or IList<object?>, _) or (_, IDictionary<string, object?> or IList<object?>) => ReferenceEquals(a, b),
        _ => ToNumber(a) == ToNumber(b),
    };

    internal static int? Compare(object? a, object? b)
    {
        if (a is string x && b is string y) return string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
        var (p, q) = (ToNumber(a), ToNumber(b));
        return double.IsNaN(p) || double.IsNaN(q) ? null : p.CompareTo(q);
    }
}

/// <summary>An expression the rehearsal cannot evaluate (syntax, or a feature it does not support): the message quotes it.</summary>
public sealed class ExpressionException(string message) : Exception(message);
