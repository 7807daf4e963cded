using System.Text.RegularExpressions;
using Conformance.Model.Causes;

namespace Conformance.Model.Ledger;

/// <summary>
/// The order a campaign triages its cause keys in, so that a budget too small for all of them goes
/// where merges are likely (docs/model.md, "Triage and its budget"). Keys of one <see cref="Family"/>
/// — the same kind and the same message shape, e.g. <c>error:ConflictingDefinitions:…has conflicting
/// definition values:</c> and <c>error-gone:ConflictingDefinitions:…has conflicting definition values</c>
/// — look like one behaviour seen from two sides or in two places: families of several keys come
/// first, the family with the most cases first, and within a family the key with the most cases
/// (the likeliest to name a trigger the others share). Keys alone in their family follow, most cases
/// first. Ties by key text, so the order is the same on every run.
/// </summary>
public static partial class TriageOrder
{
    /// <param name="cases">How many cases show each key.</param>
    public static IReadOnlyList<CauseKey> Of(IReadOnlyDictionary<CauseKey, int> cases) => cases.Keys
        .GroupBy(Family)
        .Select(g => (Keys: g.OrderByDescending(k => cases[k]).ThenBy(k => k).ToList(), Cases: g.Sum(k => cases[k])))
        .OrderByDescending(f => f.Keys.Count > 1)
        .ThenByDescending(f => f.Cases)
        .ThenBy(f => f.Keys[0])
        .SelectMany(f => f.Keys)
        .ToList();

    /// <summary>
    /// What a key is, without where it showed or which way: an error's kind and its message's shape
    /// (<c>NotUnique: is defined multiple times while it's expected to be unique</c>, for an error and an
    /// error that is gone alike, whatever option it names); a change's aspect (<c>services</c>, whatever
    /// the scope).
    /// </summary>
    public static string Family(CauseKey key) => key switch
    {
        ErrorKey e => $"{e.Kind}: {Shape(e.Message)}",
        ChangeKey c => $"change: {Aspects.Name(c.Place.Aspect)}",
        _ => key.Text,
    };

    /// <summary>
    /// The wording after the first thing the message names, to the end of its first sentence: Nix's
    /// prefix varies where the model's key text starts inside the quote (<c>The option `…'</c>, <c>…'</c>),
    /// what follows is the error (<c>is defined multiple times while it's expected to be unique</c>).
    /// </summary>
    private static string Shape(string message)
    {
        var first = Named().Match(message);
        var rest = first.Success ? message[(first.Index + first.Length)..] : message;
        var sentence = Space().Replace(Named().Replace(rest, " "), " ").Split(". ", 2)[0];
        return Space().Replace(NonWord().Replace(sentence, " "), " ").Trim().ToLowerInvariant();
    }

    /// <summary>What names things in a key's message: quoted spans (also one the model's key text opens before its start), placeholders, dotted paths.</summary>
    [GeneratedRegex(@"^[^\s`']*'|`[^`']*[`']|'[^'\s]*'|""[^""]*""|<[^>]*>|\S*\.\S*\w")]
    private static partial Regex Named();

    [GeneratedRegex(@"[^\w\s']")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
