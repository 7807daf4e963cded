using Conformance.Model.Observations;
using Conformance.Model.Errors;

namespace Conformance.Model.Causes;

/// <summary>
/// What a disagreement is about upstream, stable across seeds and case shapes (Hypothesis' notion
/// of a distinct failure: its origin, not the input that found it). Two kinds:
/// <list type="bullet">
/// <item><see cref="ErrorKey"/>: an evaluation error, wherever it shows —
/// <c>error:AttributeMissing:attribute '&lt;system&gt;' missing</c> — keyed by its kind and the line
/// Nix prints with names, systems and paths abstracted (<see cref="ErrorKeyText"/>); or an error
/// that is gone (<c>error-gone:…</c>). The aspects it took down are its symptoms.</item>
/// <item><see cref="ChangeKey"/>: values that differ, keyed by where and what:
/// <c>cfg/nixpkgs:value-&gt;value</c> (a known deviation that is gone is such a change, seen
/// as a symptom), <c>…:value-&gt;missing</c>, <c>…:deviation-unlisted:&lt;id&gt;</c>.</item>
/// </list>
/// Its <see cref="Text"/> is what known-failures.txt lists.
/// </summary>
public abstract record CauseKey : IComparable<CauseKey>
{
    public abstract string Text { get; }

    public static CauseKey Parse(string text)
    {
        if (TryParse(text, out var key, out var problem)) return key!;
        throw new FormatException(problem);
    }

    public static bool TryParse(string text, out CauseKey? key) => TryParse(text, out key, out _);

    private static bool TryParse(string text, out CauseKey? key, out string problem)
    {
        key = null;
        problem = "";
        foreach (var (prefix, gone) in new[] { (ErrorKey.GonePrefix, true), (ErrorKey.Prefix, false) })
        {
            if (!text.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = text[prefix.Length..];
            var colon = rest.IndexOf(':');
            if (colon <= 0 || colon == rest.Length - 1 || !Enum.TryParse<ErrorKind>(rest[..colon], out var kind) || !Enum.IsDefined(kind))
            {
                problem = $"'{text}' is not an error key like {prefix}NotUnique:<the error line> (kinds: {string.Join(", ", Enum.GetNames<ErrorKind>())})";
                return false;
            }
            key = new ErrorKey(kind, rest[(colon + 1)..], gone);
            return true;
        }
        if (!Symptom.TryParse(text, out var symptom))
        {
            problem = $"'{text}' is not a cause key: either scope/aspect:value->value (scope cfg|sys|clan|svc) or error:<Kind>:<the error line>";
            return false;
        }
        if (!ChangeKey.IsChange(symptom!.Transition))
        {
            // Keys of earlier versions named errors by where they showed: cfg/nixpkgs:value->error:NotUnique.
            problem = $"'{text}' names an error by where it showed; errors are keyed by what Nix prints now: error:<Kind>:<the error line> " +
                      "(copy causes[].key from summary.json)";
            return false;
        }
        key = new ChangeKey(symptom);
        return true;
    }

    public int CompareTo(CauseKey? other) => string.CompareOrdinal(Text, other?.Text);

    public sealed override string ToString() => Text;
}

/// <summary>An evaluation error as a cause: its kind and its abstracted line; <see cref="Gone"/> when the expected error no longer happens.</summary>
public sealed record ErrorKey(ErrorKind Kind, string Message, bool Gone = false) : CauseKey
{
    public const string Prefix = "error:";
    public const string GonePrefix = "error-gone:";

    public override string Text => $"{(Gone ? GonePrefix : Prefix)}{Kind}:{Message}";
}

/// <summary>Values that differ in one place (scope and aspect).</summary>
public sealed record ChangeKey(Symptom Place) : CauseKey
{
    public const string ValueToValue = "value->value";
    public const string ValueToMissing = "value->missing";
    public const string UnlistedDeviation = "deviation-unlisted:";

    public override string Text => Place.Text;

    /// <summary>The transitions a change key may have (errors are <see cref="ErrorKey"/>s).</summary>
    public static bool IsChange(string transition) =>
        transition is ValueToValue or ValueToMissing || transition.StartsWith(UnlistedDeviation, StringComparison.Ordinal) && transition.Length > UnlistedDeviation.Length
        || IsCostChange(transition);

    /// <summary>A cost cause's transition: a counter and a direction, <c>thunks+</c> or <c>instances-</c>.</summary>
    public static bool IsCostChange(string transition) =>
        transition.Length > 1 && transition[^1] is '+' or '-' && CostFields.Parse(transition[..^1]) is not null;
}
