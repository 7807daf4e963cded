using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Model.Errors;

namespace Conformance.Model.JsonSchema;

/// <summary>
/// clan-core's <c>flattenOneOf</c> (lib/jsonschema/flattenOneOf.nix): a union's branches with nested
/// unions spliced in and each branch dropped when an earlier one contains it (or put in the place
/// of the first earlier one it contains). Schemas are the converter's, inline references included.
/// </summary>
internal static class FlattenOneOf
{
    /// <summary>
    /// Nix gives up on a comparison that never ends (AnyJson against AnyJson recurses through its
    /// array items forever); so does the model, past this depth, instead of overflowing the stack.
    /// </summary>
    private const int MaxDepth = 2000;

    /// <summary><c>flatten [ ] jsonschemas</c> (flattenOneOf.nix:30-33).</summary>
    public static List<JsonNode> Flatten(IEnumerable<JsonNode> schemas)
    {
        var flattened = new List<JsonNode>();
        Into(flattened, schemas);
        return flattened;
    }

    private static void Into(List<JsonNode> flattened, IEnumerable<JsonNode> schemas)
    {
        foreach (var schema in schemas)
        {
            if (schema is JsonObject o && o["oneOf"] is JsonArray branches) Into(flattened, branches.Select(b => b!));
            else MergeType(flattened, schema);
        }
    }

    /// <summary><c>mergeType</c> (flattenOneOf.nix:35-80).</summary>
    private static void MergeType(List<JsonNode> flattened, JsonNode schema)
    {
        if (flattened.Any(existing => IsContainingType(existing, schema, 0))) return;
        var contained = flattened.FindIndex(existing => IsContainingType(schema, existing, 0));
        if (contained >= 0) flattened[contained] = schema;
        else flattened.Add(schema);
    }

    /// <summary>
    /// <c>isContainingType t1 t2</c>, t1 ⊇ t2 (flattenOneOf.nix:82-292), in upstream's order of
    /// checks. Note what it does not know: two schemas neither of which has a <c>type</c> or
    /// <c>enum</c> (e.g. <c>additionalProperties = false</c> on both sides) never contain each other,
    /// so two equal closed objects stay two branches.
    /// </summary>
    public static bool IsContainingType(JsonNode t1, JsonNode t2, int depth)
    {
        if (depth > MaxDepth)
            throw new JsonSchemaError(new ExpectedError(ErrorKind.Other, "stack overflow", "jsonschema: flattenOneOf compares a recursive type with itself"));
        depth++;
        if (!IsSameAttrValue(t1, t2, "readOnly")) return false;
        if (Get(t1, "$ref") is JsonObject r1) return IsContainingType(JsonSchemaConverter.RefBody(r1), t2, depth);
        if (Get(t2, "$ref") is JsonObject r2) return IsContainingType(t1, JsonSchemaConverter.RefBody(r2), depth);
        var oneOf1 = Get(t1, "oneOf") as JsonArray;
        if (oneOf1 is not null && Get(t2, "oneOf") is JsonArray oneOf2)
            return oneOf2.All(b2 => oneOf1.Any(b1 => IsContainingType(b1!, b2!, depth)));
        if (oneOf1 is not null)
            return oneOf1.Any(b1 => IsContainingType(b1!, t2, depth));
        switch (Status(t1, t2, "type"))
        {
            case AttrStatus.BothHave:
                var type = Get(t1, "type")!;
                if (!NixEquals(type, Get(t2, "type"))) return false;
                if (type.GetValue<string>() == "array")
                    return IsContainingAttr(t1, t2, "items", depth) && IsContainingAttr(t1, t2, "prefixItems", depth);
                if (type.GetValue<string>() == "object")
                    return IsContainingAttrs(t1, t2, "properties", depth) && IsContainingAttr(t1, t2, "additionalProperties", depth) && IsSameAttrValue(t1, t2, "required");
                return true;
            case AttrStatus.OneHas:
                return false;
        }
        return Status(t1, t2, "enum") switch
        {
            AttrStatus.BothHave => Get(t2, "enum")!.AsArray().All(item => Get(t1, "enum")!.AsArray().Any(e => NixEquals(e, item))),
            _ => false,
        };
    }

    private enum AttrStatus { BothHave, OneHas, NeitherHas }

    /// <summary>Nix's <c>t ? name</c>: false on anything that is not an attribute set (<c>additionalProperties = false</c>).</summary>
    private static JsonNode? Get(JsonNode t, string name) => t is JsonObject o ? o[name] : null;

    private static bool Has(JsonNode t, string name) => t is JsonObject o && o.ContainsKey(name);

    private static AttrStatus Status(JsonNode t1, JsonNode t2, string name) => (Has(t1, name), Has(t2, name)) switch
    {
        (true, true) => AttrStatus.BothHave,
        (false, false) => AttrStatus.NeitherHas,
        _ => AttrStatus.OneHas,
    };

    private static bool IsContainingAttr(JsonNode t1, JsonNode t2, string name, int depth) => Status(t1, t2, name) switch
    {
        AttrStatus.BothHave => IsContainingType(t1[name]!, t2[name]!, depth),
        AttrStatus.NeitherHas => true,
        _ => false,
    };

    private static bool IsContainingAttrs(JsonNode t1, JsonNode t2, string name, int depth) => Status(t1, t2, name) switch
    {
        AttrStatus.BothHave => t2[name]!.AsObject().All(kv => t1[name]!.AsObject()[kv.Key] is { } p1 && IsContainingType(p1, kv.Value!, depth)),
        AttrStatus.NeitherHas => true,
        _ => false,
    };

    private static bool IsSameAttrValue(JsonNode t1, JsonNode t2, string name) => Status(t1, t2, name) switch
    {
        AttrStatus.BothHave => NixEquals(t1[name], t2[name]),
        AttrStatus.NeitherHas => true,
        _ => false,
    };

    /// <summary>Nix's <c>==</c> on JSON values: numbers by value (1 == 1.0), sets by content.</summary>
    private static bool NixEquals(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(kv => y.TryGetPropertyValue(kv.Key, out var w) && NixEquals(kv.Value, w)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => NixEquals(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number =>
            decimal.Parse(x.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) == decimal.Parse(y.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        (JsonValue x, JsonValue y) => JsonNode.DeepEquals(x, y),
        _ => false,
    };
}
