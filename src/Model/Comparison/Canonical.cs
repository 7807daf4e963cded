using System.Text.Json.Nodes;
using Conformance.Model.Observations;

namespace Conformance.Model.Comparison;

/// <summary>
/// Values are compared in canonical form (flake-parts' habit): object keys sorted, and for
/// fields whose order carries no meaning, arrays sorted — so only meaningful differences count.
/// </summary>
public static class Canonical
{
    /// <summary>Fields whose lists are sets (their order is an implementation detail nobody relies on).</summary>
    public static bool IsUnordered(FieldKey key) =>
        key.Descriptor?.Unordered == true
        || key.Scope == Scope.Stderr && key.Field is StderrFields.Warnings or StderrFields.ServiceWarnings or StderrFields.CoreWarnings or StderrFields.MetaWarnings;

    public static JsonNode? Of(FieldKey key, JsonNode? value)
    {
        var normalised = Normalise(value);
        if (IsUnordered(key) && normalised is JsonArray array)
            return new JsonArray(array.Select(n => n?.DeepClone()).OrderBy(n => n?.ToJsonString(), StringComparer.Ordinal).ToArray());
        return normalised;
    }

    public static bool Equal(FieldKey key, JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Of(key, a), Of(key, b));

    private static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Normalise(kv.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalise).ToArray()),
        _ => node?.DeepClone(),
    };
}
