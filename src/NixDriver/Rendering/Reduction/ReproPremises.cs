using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Conformance.NixDriver.Rendering.Reduction;

/// <summary>
/// What a reduced repro must still mention so that the report's words stay true of it: every name
/// and value the expected output is made of, as often as the unreduced repro has it, and every name
/// the title quotes (in backticks), at least once where the repro had it.
/// <para>
/// Why: keeping the command's output alone is not enough when the report's expectation is not
/// computed by Nix. Finding 1's configurations print <c>{}</c> where pkgsForSystem's config was
/// expected; a clan without any pkgsForSystem prints <c>{}</c> too, so "the same output" would reduce
/// the repro to one that shows nothing. A removal that deletes a premise of the expectation (the
/// <c>source</c> pkgsForSystem sets, the inventory machine <c>jon</c> a member list should be limited
/// to) is not tried. Where the expectation is computed — a <c>diff</c>'s base revision — the reducer
/// checks it on that revision instead and needs no premises.
/// </para>
/// </summary>
public sealed partial record ReproPremises(IReadOnlyDictionary<string, int> Minimum)
{
    public static readonly ReproPremises None = new(new Dictionary<string, int>());

    /// <summary>The premises of an expectation in <paramref name="program"/>: tokens of <paramref name="expected"/> (all occurrences) and of the title's code spans (one).</summary>
    public static ReproPremises Of(ReproProgram program, JsonNode? expected, string? title)
    {
        var counts = Count(program.Listing());
        var minimum = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in Tokens(expected)) if (counts.TryGetValue(token, out var n)) minimum[token] = n;
        foreach (Match span in CodeSpan().Matches(title ?? ""))
            foreach (Match token in Token().Matches(span.Groups[1].Value))
                if (counts.ContainsKey(token.Value) && !minimum.ContainsKey(token.Value)) minimum[token.Value] = 1;
        return new ReproPremises(minimum);
    }

    /// <summary>Whether a candidate still mentions every premise as often as required.</summary>
    public bool HeldBy(ReproProgram candidate)
    {
        if (Minimum.Count == 0) return true;
        var counts = Count(candidate.Listing());
        return Minimum.All(kv => counts.GetValueOrDefault(kv.Key) >= kv.Value);
    }

    /// <summary>The premises a candidate lacks (for a test's message).</summary>
    public IEnumerable<string> MissingIn(ReproProgram candidate)
    {
        var counts = Count(candidate.Listing());
        return Minimum.Where(kv => counts.GetValueOrDefault(kv.Key) < kv.Value).Select(kv => kv.Key);
    }

    private static IEnumerable<string> Tokens(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => Token().Matches(kv.Key).Select(m => m.Value).Concat(Tokens(kv.Value))),
        JsonArray a => a.SelectMany(Tokens),
        JsonValue v => Token().Matches(v.ToJsonString().Trim('"')).Select(m => m.Value),
        _ => [],
    };

    private static Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Token().Matches(text)) counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        return counts;
    }

    [GeneratedRegex("[A-Za-z0-9_-]+")]
    private static partial Regex Token();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
