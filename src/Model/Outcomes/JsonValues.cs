using System.Text.Json.Nodes;

namespace Conformance.Model.Outcomes;

/// <summary>Builders for the JSON values fields hold.</summary>
public static class JsonValues
{
    public static JsonNode String(string value) => JsonValue.Create(value);

    public static JsonNode Integer(int value) => JsonValue.Create(value);

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static JsonObject StringMap(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in entries) obj[k] = v;
        return obj;
    }
}
