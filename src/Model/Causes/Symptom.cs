namespace Conformance.Model.Causes;

/// <summary>
/// How a cause shows in one place: where (<see cref="Scope"/>: <c>cfg</c>, <c>sys</c>, <c>clan</c>
/// or <c>svc</c>), what (<see cref="Aspect"/>) and how (<see cref="Transition"/>, e.g.
/// <c>value-&gt;error:NotUnique</c> or <c>deviation-gone:configurations-ignore-pkgsForSystem</c>).
/// One evaluation error takes down every aspect of a machine; each is a symptom, the error is the
/// cause (<see cref="CauseKey"/>). Never machine names, never the set of fields a case touched.
/// </summary>
public sealed record Symptom(string Scope, Aspect Aspect, string Transition) : IComparable<Symptom>
{
    public string Text => $"{Scope}/{Aspects.Name(Aspect)}:{Transition}";

    /// <summary>Where and what, without how: <c>cfg/nixpkgs</c>.</summary>
    public string Place => $"{Scope}/{Aspects.Name(Aspect)}";

    public static Symptom Parse(string text) =>
        TryParse(text, out var symptom) ? symptom! : throw new FormatException($"'{text}' is not a symptom like cfg/nixpkgs:value->value (scope cfg|sys|clan|svc / aspect : transition)");

    public static bool TryParse(string text, out Symptom? symptom)
    {
        symptom = null;
        var slash = text.IndexOf('/');
        var colon = slash < 0 ? -1 : text.IndexOf(':', slash);
        if (slash <= 0 || colon < 0 || colon == text.Length - 1 || Aspects.Parse(text[(slash + 1)..colon]) is not { } aspect
            || text[..slash] is not ("cfg" or "sys" or "clan" or "svc"))
            return false;
        symptom = new Symptom(text[..slash], aspect, text[(colon + 1)..]);
        return true;
    }

    public int CompareTo(Symptom? other) => string.CompareOrdinal(Text, other?.Text);

    public override string ToString() => Text;
}
