using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>
/// The choices a generator drew to make a case (Hypothesis' choice sequence): which generator, at
/// which size, and every choice in drawing order (bounded integers, 0 the simplest). Replaying them
/// through the generator gives the case again; shrinking lowers and shortens them and replays.
/// Saved with the case (<c>choices</c> in case.json); a case without them (written by hand, or
/// saved before choices were recorded) shrinks by structural deletions instead.
/// </summary>
/// <param name="Generator">The generator's name (<c>clans</c>, <c>services</c>, <c>services-on-machines</c>).</param>
/// <param name="Size">The size it was drawn at.</param>
/// <param name="Values">The choices, written as one string of numbers (a case.json stays readable).</param>
public sealed record CaseChoices(string Generator, int Size, [property: JsonConverter(typeof(ChoiceValuesConverter))] IReadOnlyList<int> Values)
{
    /// <summary>
    /// Shortlex order (Hypothesis' order on choice sequences): fewer choices first, then the first
    /// choice that differs decides. Every step a shrinker takes goes down this order, so shrinking ends.
    /// </summary>
    public static int Compare(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) return a.Count.CompareTo(b.Count);
        for (var i = 0; i < a.Count; i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return 0;
    }
}

/// <summary>Choices as <c>"3 0 12 1"</c>: hundreds of them would otherwise take a line each in an indented case.json.</summary>
public sealed class ChoiceValuesConverter : JsonConverter<IReadOnlyList<int>>
{
    public override IReadOnlyList<int> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? "";
        try
        {
            return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new JsonException("choices.values must be numbers separated by spaces");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<int> value, JsonSerializerOptions options) =>
        writer.WriteStringValue(string.Join(' ', value));
}
