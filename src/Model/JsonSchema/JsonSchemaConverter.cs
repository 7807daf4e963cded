using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Model.JsonSchema;

/// <summary>
/// clan-core's options-to-JSON-schema converter, <c>clanLib.jsonschema.fromOptions</c>
/// (lib/jsonschema/default.nix at the pin), which the clan CLI and UI use to describe the inventory.
/// Each option becomes a node (a schema and whether its property is <c>required</c>); arrays,
/// objects, enums and unions become named types, written inline as
/// <c>{ "$ref": { typeName; jsonschema; } }</c> so that <c>either</c> branches can still be merged
/// (<see cref="FlattenOneOf"/>), and <c>resolveRefs</c> finally moves them to <c>$defs</c>.
/// Pure: an unsupported type or a failed assertion is an error outcome.
/// </summary>
internal static class JsonSchemaConverter
{
    private const string Rule = "jsonschema";

    /// <summary><c>fromOptions opts options</c> (lib/jsonschema/default.nix:790-832): <c>{ "$schema"; "$defs"; }</c>.</summary>
    public static Outcome FromOptions(JsonSchemaOptions options, SchemaModule module)
    {
        // default.nix:822: the assertion; the two below it cannot fail (attrsOfOptionsToNode never gives null).
        if (!options.Input && !options.Output)
            return Outcome.Fails(new ExpectedError(ErrorKind.AssertionFailed, "either input or output must be true", Rule));
        try
        {
            var defs = new JsonObject();
            // Nix evaluates a mode only when asked for it (default.nix:831), so an unsupported type
            // in a mode that is not asked for is never reached: the same here.
            foreach (var mode in new[] { options.Input ? "input" : null, options.Output ? "output" : null }.OfType<string>())
            {
                var node = AttrsOfOptionsToNode(new Context(mode, options.TypePrefix, options, []), module.Entries, module.FreeformType, submodule: null);
                foreach (var (name, schema) in ResolveRefs(ImmutableHashSet<string>.Empty, node.Schema).Defs)
                    defs[name] = schema.DeepClone();
            }
            return Outcome.Value(new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$defs"] = defs }, Rule);
        }
        catch (JsonSchemaError e)
        {
            return Outcome.Fails(e.Error);
        }
    }

    /// <summary>What a node's context carries down (the <c>ctx</c>/<c>subctx</c> attribute sets of default.nix).</summary>
    private sealed record Context(string Mode, string TypePrefix, JsonSchemaOptions Options, ImmutableList<string> Loc, bool ShouldInlineBranchTypes = false)
    {
        public string Renamed(string name) => Options.RenamedTypes.GetValueOrDefault(name, name);

        /// <summary><c>getRenamedType typePrefix + toSentenceCase mode</c>: the rename applies to the prefix alone (function application binds tighter than +).</summary>
        public string TypeName => Renamed(TypePrefix) + SentenceCase(Mode);

        public bool ReadOnly => Mode == "input" ? Options.ReadOnlyInput : Options.ReadOnlyOutput;
    }

    /// <summary>The option-specific part of <c>subctx</c> (default.nix:206-214).</summary>
    private sealed record OptionFacts(bool IsRequired, JsonObject Description);

    private sealed record Node(JsonObject Schema, bool IsRequired);

    /// <summary><c>toBroaderOptionType</c> (default.nix:50-115).</summary>
    private static string Broader(SchemaType type, IReadOnlyList<string> loc) => type.Name switch
    {
        "bool" or "boolByOr" => "boolean",
        "int" or "intBetween" or "positiveInt" or "unsignedInt" or "unsignedInt8" or "unsignedInt16" or "unsignedInt32"
            or "signedInt8" or "signedInt16" or "signedInt32" => "integer",
        "float" or "numberBetween" or "numberNonnegative" or "numberPositive" => "number",
        "str" or "nonEmptyStr" or "singleLineStr" or "separatedString" or "path" => "string",
        "enum" or "nullOr" or "either" or "coercedTo" or "attrs" or "submodule" or "listOf" or "attrsOf" or "attrTag" => type.Name,
        "lazyAttrsOf" => "attrsOf",
        "anything" or "unspecified" or "raw" or "deferredModule" => "any",
        _ when type.Name.StartsWith("strMatching ", StringComparison.Ordinal) || type.Name.StartsWith("passwdEntry ", StringComparison.Ordinal) => "string",
        _ => throw new JsonSchemaError(new ExpectedError(ErrorKind.Throw,
            $"option type '{type.Name}'", $"{Rule}: not supported by jsonschema converter (location: {string.Join(".", loc)})")),
    };

    /// <summary><c>optionToNode</c> (default.nix:139-246); null for an option left out (invisible, or nothing left of it).</summary>
    private static Node? OptionToNode(Context ctx, SchemaOption option)
    {
        if (!option.Visible) return null;
        var isRequired = ctx.Mode == "output" || option.Default is null && !option.HasDefaultText;
        var description = option.Description is { } text ? new JsonObject { ["description"] = text } : [];
        var facts = new OptionFacts(isRequired, description);
        var broader = Broader(option.Type, ctx.Loc);
        switch (broader)
        {
            case "boolean" or "integer" or "number" or "string":
                var simple = Merge(new JsonObject { ["type"] = broader }, description);
                // Only a literal default that is a JSON value, and only without defaultText (default.nix:182-186).
                if (option.Default is { IsJson: true } d && !option.HasDefaultText) simple["default"] = d.Value?.DeepClone();
                return new Node(simple, isRequired);
            case "any":
                return new Node(Merge(AnyJson(), description), isRequired);
        }
        return option.Type switch
        {
            SchemaType.Enum e => new Node(Ref(ctx.Renamed(ctx.TypePrefix + SentenceCase(ctx.Mode)),
                Merge(new JsonObject { ["enum"] = new JsonArray(e.Values.Select(v => v?.DeepClone()).ToArray()) }, description)), isRequired),
            SchemaType.NullOr n => NullOrNode(ctx, facts, n),
            SchemaType.Either e => EitherNode(ctx, facts, e),
            SchemaType.CoercedTo c => CoercedToNode(ctx, facts, c),
            // default.nix:516-537: any attribute set.
            SchemaType.Attrs => new Node(Ref(ctx.TypeName, Merge(new JsonObject { ["type"] = "object", ["additionalProperties"] = AnyJson() }, description)), isRequired),
            SchemaType.Submodule s => AttrsOfOptionsToNode(ctx, s.Module.Entries, s.Module.FreeformType, facts),
            SchemaType.ListOf l => ContainerNode(ctx, facts, l.Element, "array", "items"),
            SchemaType.AttrsOf a => ContainerNode(ctx, facts, a.Element, "object", "additionalProperties"),
            SchemaType.AttrTag t => AttrTagNode(ctx, facts, t),
            // A type named like a supported one but not built as it (a test's mistake, not a Nix value).
            _ => throw new ArgumentException($"type '{option.Type.Name}' is not one of the records for it", nameof(option)),
        };
    }

    /// <summary>
    /// <c>attrsOfOptionsToNode</c> (default.nix:252-361): an object whose properties are the visible
    /// options (each <c>readOnly</c> when <c>readOnly.${mode}</c> is), <c>required</c> the ones without
    /// default/defaultText (all of them in output mode), <c>additionalProperties</c> the freeform
    /// element's schema or false. A set of options is required when one of its properties is; a
    /// submodule option when it has no default itself (<paramref name="submodule"/>).
    /// </summary>
    private static Node AttrsOfOptionsToNode(Context ctx, IReadOnlyList<SchemaEntry> entries, SchemaType? freeformType, OptionFacts? submodule)
    {
        var nodes = new SortedDictionary<string, Node>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            // toUpperFirst, not toSentenceCase: "extraModules" must give "ExtraModules" (default.nix:277-281).
            var sub = ctx with { TypePrefix = ctx.Renamed(ctx.TypePrefix + UpperFirst(entry.Name)), ShouldInlineBranchTypes = false, Loc = ctx.Loc.Add(entry.Name) };
            var node = entry switch
            {
                SchemaOption o => OptionToNode(sub, o),
                SchemaGroup g => AttrsOfOptionsToNode(sub, g.Entries, null, null),
                _ => throw new ArgumentException($"unknown entry {entry}", nameof(entries)),
            };
            if (node is not null) nodes[entry.Name] = node;
        }
        // default.nix:293-319: the freeform type's element, converted with the enclosing context.
        var freeformElement = freeformType switch
        {
            SchemaType.AttrsOf a => a.Element,
            SchemaType.ListOf l => l.Element,
            SchemaType.NullOr n => n.Element,
            _ => null,
        };
        var freeform = freeformElement is null ? null
            : OptionToNode(ctx with { TypePrefix = ctx.Renamed(ctx.TypePrefix + "Freeform"), Loc = ctx.Loc.Add("_module").Add("freeformType") }, new SchemaOption("freeformType", freeformElement));
        var properties = new JsonObject(nodes.Select(kv =>
        {
            var schema = (JsonObject)kv.Value.Schema.DeepClone();
            if (ctx.ReadOnly) schema["readOnly"] = true;
            return KeyValuePair.Create(kv.Key, (JsonNode?)schema);
        }));
        var required = nodes.Where(kv => kv.Value.IsRequired).Select(kv => kv.Key).ToList();
        var schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = freeform is null ? false : freeform.Schema.DeepClone() };
        if (submodule?.Description["description"] is { } description) schema["description"] = description.DeepClone();
        if (properties.Count > 0) schema["properties"] = properties;
        if (required.Count > 0) schema["required"] = JsonValues.Strings(required);
        return new Node(Ref(ctx.TypeName, schema), submodule is null ? required.Count > 0 : submodule.IsRequired);
    }

    /// <summary><c>mkNullOrNode</c> (default.nix:385-404): null merged into the element's alternatives.</summary>
    private static Node NullOrNode(Context ctx, OptionFacts facts, SchemaType.NullOr type)
    {
        var node = OptionToNode(ctx, new SchemaOption("elemType", type.Element));
        var oneOf = FlattenOneOf.Flatten([new JsonObject { ["type"] = "null" }, .. node is null ? Array.Empty<JsonNode>() : [node.Schema]]);
        return new Node(Union(oneOf, facts.Description), facts.IsRequired);
    }

    /// <summary>
    /// <c>mkEitherNode</c> (default.nix:406-454): both branches converted inline and merged; a union
    /// of two or more names its branches' types <c>…Left</c>/<c>…Right</c>. Nix decides that lazily
    /// (the count never looks at a type's name), so the branches are converted once unsuffixed to
    /// count and again suffixed when the count is two or more.
    /// </summary>
    private static Node? EitherNode(Context ctx, OptionFacts facts, SchemaType.Either type)
    {
        (Node? Left, Node? Right) Branches(bool suffixed) => (
            OptionToNode(BranchContext(ctx, "left", suffixed, inline: true), new SchemaOption("left", type.Left)),
            OptionToNode(BranchContext(ctx, "right", suffixed, inline: true), new SchemaOption("right", type.Right)));
        var (left, right) = Branches(suffixed: false);
        if (left is null && right is null) return null;
        var oneOf = FlattenOneOf.Flatten(new[] { left, right }.OfType<Node>().Select(n => n.Schema).ToList());
        if (oneOf.Count >= 2)
        {
            (left, right) = Branches(suffixed: true);
            oneOf = FlattenOneOf.Flatten(new[] { left, right }.OfType<Node>().Select(n => n.Schema).ToList());
        }
        var schema = Union(oneOf, facts.Description);
        return new Node(ShouldDefineBranchType(ctx, schema) ? Ref(ctx.TypeName, schema) : schema, facts.IsRequired);
    }

    /// <summary>
    /// <c>mkCoercedToNode</c> (default.nix:456-514): input accepts both types (merged as in either,
    /// branches <c>…From</c>/<c>…To</c>), output is the final type alone. Either side converting to
    /// nothing leaves the option out in both modes.
    /// </summary>
    private static Node? CoercedToNode(Context ctx, OptionFacts facts, SchemaType.CoercedTo type)
    {
        var input = ctx.Mode == "input";
        (Node? From, Node? To) Branches(bool suffixed) => (
            OptionToNode(BranchContext(ctx, "from", suffixed, inline: input), new SchemaOption("from", type.From)),
            OptionToNode(BranchContext(ctx, "to", suffixed, inline: input), new SchemaOption("to", type.To)));
        List<JsonNode> OneOf((Node? From, Node? To) n) => input ? FlattenOneOf.Flatten([n.From!.Schema, n.To!.Schema]) : [n.To!.Schema];
        var nodes = Branches(suffixed: false);
        if (nodes.From is null || nodes.To is null) return null;
        var oneOf = OneOf(nodes);
        if (oneOf.Count >= 2)
            oneOf = OneOf(Branches(suffixed: true));
        var schema = Union(oneOf, facts.Description);
        return new Node(input && ShouldDefineBranchType(ctx, schema) ? Ref(ctx.TypeName, schema) : schema, facts.IsRequired);
    }

    private static Context BranchContext(Context ctx, string branch, bool suffixed, bool inline) =>
        ctx with { TypePrefix = ctx.Renamed(ctx.TypePrefix + (suffixed ? SentenceCase(branch) : "")), ShouldInlineBranchTypes = inline };

    /// <summary><c>mkListOfNode</c>/<c>mkAttrsOfNode</c> (default.nix:560-634): the element named <c>…Item</c>; nothing when the element gives nothing.</summary>
    private static Node? ContainerNode(Context ctx, OptionFacts facts, SchemaType element, string jsonType, string elementKey)
    {
        var node = OptionToNode(ctx with { TypePrefix = ctx.Renamed(ctx.TypePrefix + "Item"), ShouldInlineBranchTypes = false }, new SchemaOption("elemType", element));
        if (node is null) return null;
        return new Node(Ref(ctx.TypeName, Merge(new JsonObject { ["type"] = jsonType, [elementKey] = node.Schema.DeepClone() }, facts.Description)), facts.IsRequired);
    }

    /// <summary><c>mkAttrTagNode</c> (default.nix:636-710): one object per tag with that single required property, tags in name order.</summary>
    private static Node? AttrTagNode(Context ctx, OptionFacts facts, SchemaType.AttrTag type)
    {
        var variants = new List<JsonNode>();
        foreach (var (tag, tagType) in type.Tags.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var node = OptionToNode(ctx with { TypePrefix = ctx.Renamed(ctx.TypePrefix + UpperFirst(tag)), ShouldInlineBranchTypes = false, Loc = ctx.Loc.Add(tag) },
                new SchemaOption(tag, tagType));
            if (node is null) continue;
            variants.Add(new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { [tag] = node.Schema.DeepClone() },
                ["required"] = JsonValues.Strings([tag]),
                ["additionalProperties"] = false,
            });
        }
        if (variants.Count == 0) return null;
        return new Node(Ref(ctx.TypeName, Union(variants, facts.Description)), facts.IsRequired);
    }

    /// <summary><c>shouldDefineBranchType</c> (default.nix:192-205): a merged union, array, object or enum gets a name of its own, unless inside a branch.</summary>
    private static bool ShouldDefineBranchType(Context ctx, JsonObject schema) =>
        !ctx.ShouldInlineBranchTypes
        && (schema["type"]?.GetValue<string>() is "array" or "object" || schema.ContainsKey("enum") || schema.ContainsKey("oneOf"));

    /// <summary><c>(if length oneOf == 1 then head oneOf else { inherit oneOf; }) // description</c>.</summary>
    private static JsonObject Union(IReadOnlyList<JsonNode> oneOf, JsonObject description) =>
        Merge(oneOf.Count == 1 ? (JsonObject)oneOf[0].DeepClone() : new JsonObject { ["oneOf"] = new JsonArray(oneOf.Select(b => b.DeepClone()).ToArray()) }, description);

    /// <summary>The inline reference <c>ref typeName jsonschema</c> (default.nix:16-20).</summary>
    internal static JsonObject Ref(string typeName, JsonObject schema) =>
        new() { ["$ref"] = new JsonObject { ["typeName"] = typeName, ["jsonschema"] = schema } };

    /// <summary>
    /// <c>AnyJson</c> (default.nix:21-42): any JSON value, its arrays' items and objects' values
    /// AnyJson again. Nix builds that infinite value lazily; here the inner references carry no
    /// <c>jsonschema</c> and <see cref="RefBody"/> builds one level when it is read.
    /// </summary>
    internal static JsonObject AnyJson() => new() { ["$ref"] = new JsonObject { ["typeName"] = "AnyJson" } };

    private static JsonObject AnyJsonBody() => new()
    {
        ["oneOf"] = new JsonArray(
            new JsonObject { ["type"] = "null" },
            new JsonObject { ["type"] = "boolean" },
            new JsonObject { ["type"] = "integer" },
            new JsonObject { ["type"] = "number" },
            new JsonObject { ["type"] = "string" },
            new JsonObject { ["type"] = "array", ["items"] = AnyJson() },
            new JsonObject { ["type"] = "object", ["additionalProperties"] = AnyJson() }),
    };

    /// <summary>The schema an inline reference stands for.</summary>
    internal static JsonObject RefBody(JsonObject reference) =>
        reference["jsonschema"] is JsonObject body ? body : AnyJsonBody();

    /// <summary>
    /// <c>resolveRefs</c> (default.nix:716-788): each inline reference becomes <c>"#/$defs/Name"</c> and
    /// its schema a definition, except below a reference of the same name (which is how the
    /// recursive AnyJson ends). Later definitions of a name win: a reference's own over those
    /// inside it, properties' over additionalProperties', later union branches' over earlier ones.
    /// </summary>
    private static (JsonNode Schema, Dictionary<string, JsonNode> Defs) ResolveRefs(ImmutableHashSet<string> resolved, JsonNode schema)
    {
        if (schema is not JsonObject o) return (schema.DeepClone(), []);
        if (o["$ref"] is JsonObject reference)
        {
            var typeName = reference["typeName"]!.GetValue<string>();
            var result = (JsonObject)o.DeepClone();
            result["$ref"] = $"#/$defs/{typeName}";
            if (resolved.Contains(typeName)) return (result, []);
            var inner = ResolveRefs(resolved.Add(typeName), RefBody(reference));
            inner.Defs[typeName] = inner.Schema;
            return (result, inner.Defs);
        }
        if (o["oneOf"] is JsonArray branches)
        {
            var results = branches.Select(b => ResolveRefs(resolved, b!)).ToList();
            var result = (JsonObject)o.DeepClone();
            result["oneOf"] = new JsonArray(results.Select(r => r.Schema).ToArray());
            return (result, Union(results.Select(r => r.Defs)));
        }
        var type = o["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (type == "array" && o["items"] is { } items)
        {
            var r = ResolveRefs(resolved, items);
            var result = (JsonObject)o.DeepClone();
            result["items"] = r.Schema;
            return (result, r.Defs);
        }
        if (type == "object")
        {
            var result = (JsonObject)o.DeepClone();
            var defs = new List<Dictionary<string, JsonNode>>();
            if (o["additionalProperties"] is { } additional)
            {
                var r = ResolveRefs(resolved, additional);
                result["additionalProperties"] = r.Schema;
                defs.Add(r.Defs);
            }
            if (o["properties"] is JsonObject props && props.Count > 0)
            {
                var resolvedProps = new JsonObject();
                foreach (var (name, prop) in props.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    var r = ResolveRefs(resolved, prop!);
                    resolvedProps[name] = r.Schema;
                    defs.Add(r.Defs);
                }
                result["properties"] = resolvedProps;
            }
            return (result, Union(defs));
        }
        return (o.DeepClone(), []);
    }

    private static Dictionary<string, JsonNode> Union(IEnumerable<Dictionary<string, JsonNode>> defs)
    {
        var result = new Dictionary<string, JsonNode>();
        foreach (var d in defs)
            foreach (var (name, schema) in d)
                result[name] = schema;
        return result;
    }

    /// <summary>Nix's <c>a // b</c> on two schemas.</summary>
    private static JsonObject Merge(JsonObject a, JsonObject b)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (key, value) in b) result[key] = value?.DeepClone();
        return result;
    }

    /// <summary><c>lib.toSentenceCase</c>: first character upper case, the rest lower case (ASCII, as Nix's <c>toUpper</c>).</summary>
    private static string SentenceCase(string s) => s.Length == 0 ? s : UpperFirst(s[..1]) + new string(s[1..].Select(c => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c).ToArray());

    /// <summary><c>clanLib.toUpperFirst</c>: first character upper case, the rest untouched.</summary>
    private static string UpperFirst(string s) => s.Length == 0 ? s : (s[0] is >= 'a' and <= 'z' ? (char)(s[0] - 32) : s[0]) + s[1..];
}
