namespace Conformance.Model.Causes;

/// <summary>
/// One cause of disagreement, stable across seeds and case shapes: where (<see cref="Scope"/>:
/// <c>cfg</c>, <c>sys</c> or <c>clan</c>), what (<see cref="Aspect"/>) and how
/// (<see cref="Transition"/>, e.g. <c>value-&gt;error:NotUnique</c> or
/// <c>deviation-gone:configurations-ignore-pkgsForSystem</c>). Never machine names, never the set of
/// fields a case touched. Its <see cref="Text"/> (<c>cfg/nixpkgs:value-&gt;value</c>) is what
/// known-failures.txt lists.
/// </summary>
public sealed record CauseKey(string Scope, Aspect Aspect, string Transition) : IComparable<CauseKey>
{
    public string Text => $"{Scope}/{Aspects.Name(Aspect)}:{Transition}";

    public static CauseKey Parse(string text)
    {
        var slash = text.IndexOf('/');
        var colon = slash < 0 ? -1 : text.IndexOf(':', slash);
        if (slash <= 0 || colon < 0 || colon == text.Length - 1 || Aspects.Parse(text[(slash + 1)..colon]) is not { } aspect
            || text[..slash] is not ("cfg" or "sys" or "clan" or "svc"))
            throw new FormatException($"'{text}' is not a cause key like cfg/nixpkgs:value->value (scope cfg|sys|clan|svc / aspect : transition)");
        return new CauseKey(text[..slash], aspect, text[(colon + 1)..]);
    }

    public static bool TryParse(string text, out CauseKey? key)
    {
        try { key = Parse(text); return true; }
        catch (FormatException) { key = null; return false; }
    }

    public int CompareTo(CauseKey? other) => string.CompareOrdinal(Text, other?.Text);

    public override string ToString() => Text;
}
