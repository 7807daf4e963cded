using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.NixDriver.Rendering.Syntax;

namespace Conformance.NixDriver.Rendering.Reduction;

/// <summary>
/// What a reduced repro must still hold so that the report's words stay true of it. Its atoms are
/// the program's literal strings (each text part), numbers and attribute names. For every string,
/// key and number of the expected value: the atoms equal to it, as many as the unreduced repro had
/// (finding 21's <c>["jon"]</c> needs both <c>inventory.machines.jon</c> and the role's <c>jon</c>);
/// where none is equal, each atom of at least two characters that is part of it, at least once
/// (<c>"pkgsForSystem:" + system</c> for <c>"pkgsForSystem:x86_64-linux"</c>). And every name the
/// title quotes in backticks, at least once where the repro had it.
/// <para>
/// Why: keeping the command's output alone is not enough when the report's expectation is not
/// computed by Nix. Finding 1's configurations print <c>{}</c> where pkgsForSystem's config was
/// expected; a clan without any pkgsForSystem prints <c>{}</c> too, so "the same output" would reduce
/// the repro to one that shows nothing. A removal that deletes a premise of the expectation is not
/// tried. Where the expectation is computed — a <c>diff</c>'s base revision — the reducer checks it
/// on that revision instead and needs no premises.
/// </para>
/// </summary>
public sealed partial record ReproPremises(IReadOnlyDictionary<string, int> Atoms, IReadOnlyDictionary<string, int> Names)
{
    public static readonly ReproPremises None = new(new Dictionary<string, int>(), new Dictionary<string, int>());

    /// <summary>Everything required, for messages: atoms and names.</summary>
    public IEnumerable<string> Minimum => Atoms.Keys.Concat(Names.Keys).Distinct().Order(StringComparer.Ordinal);

    public bool IsEmpty => Atoms.Count == 0 && Names.Count == 0;

    /// <summary>The premises of an expectation in <paramref name="program"/>.</summary>
    public static ReproPremises Of(ReproProgram program, JsonNode? expected, string? title)
    {
        var atoms = AtomsOf(program);
        var required = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in Values(expected))
        {
            if (atoms.TryGetValue(value, out var exact)) { required[value] = exact; continue; }
            foreach (var part in atoms.Keys.Where(a => a.Length >= 2 && value.Contains(a, StringComparison.Ordinal)))
                required.TryAdd(part, 1);
        }
        var tokens = Tokens(program.Listing());
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in QuotedNames(title))
            if (tokens.ContainsKey(name)) names[name] = 1;
        return new ReproPremises(required, names);
    }

    /// <summary>The names a title quotes in backticks (`&lt;role&gt;` in a quoted name is a placeholder, not a name).</summary>
    public static IEnumerable<string> QuotedNames(string? title) =>
        CodeSpan().Matches(title ?? "").SelectMany(span => Token().Matches(Placeholder().Replace(span.Groups[1].Value, " ")).Select(t => t.Value)).Distinct();

    /// <summary>Whether a candidate still holds every premise.</summary>
    public bool HeldBy(ReproProgram candidate) => IsEmpty || !MissingIn(candidate).Any();

    /// <summary>The premises a candidate lacks.</summary>
    public IEnumerable<string> MissingIn(ReproProgram candidate)
    {
        var atoms = AtomsOf(candidate);
        var tokens = Names.Count == 0 ? [] : Tokens(candidate.Listing());
        return Atoms.Where(kv => atoms.GetValueOrDefault(kv.Key) < kv.Value).Select(kv => kv.Key)
            .Concat(Names.Where(kv => tokens.GetValueOrDefault(kv.Key) < kv.Value).Select(kv => kv.Key));
    }

    /// <summary>The strings, keys and numbers an expected value is made of.</summary>
    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => new[] { kv.Key }.Concat(Values(kv.Value))),
        JsonArray a => a.SelectMany(Values),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonValue v when v.TryGetValue<bool>(out _) => [],
        JsonValue v => [v.ToJsonString()],
        _ => [],
    };

    /// <summary>The program's atoms, counted: literal string parts, numbers and attribute names (of bindings, selections and inherits).</summary>
    private static Dictionary<string, int> AtomsOf(ReproProgram program)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string atom) => counts[atom] = counts.GetValueOrDefault(atom) + 1;
        void Keys(IEnumerable<NixKey> keys)
        {
            foreach (var key in keys)
            {
                if (key is NixNameKey n) Add(n.Name);
                else if (key is NixStringKey { Value.Literal: { } literal }) Add(literal);
            }
        }
        foreach (var root in program.Nix.Values)
            foreach (var (_, node) in NixTree.Nodes(root))
            {
                switch (node)
                {
                    case NixString s: foreach (var t in s.Parts.OfType<NixText>()) Add(t.Value); break;
                    case NixNumber n: Add(n.Text); break;
                    case NixSelect s: Keys(s.Path); break;
                    case NixAttrSet set: foreach (var b in set.Bindings) Keys(b is NixAttr a ? a.Path : ((NixInherit)b).Names); break;
                    case NixLet let: foreach (var b in let.Bindings) Keys(b is NixAttr a ? a.Path : ((NixInherit)b).Names); break;
                }
            }
        foreach (var text in program.Text.Values)
            foreach (Match m in JsonString().Matches(text)) Add(m.Groups[1].Value);
        return counts;
    }

    private static Dictionary<string, int> Tokens(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Token().Matches(text)) counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        return counts;
    }

    [GeneratedRegex("[A-Za-z0-9_-]+")]
    private static partial Regex Token();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Placeholder();

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex JsonString();
}
