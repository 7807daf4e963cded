using System.Text.Json.Nodes;
using Conformance.Model.Errors;
using Conformance.Model.JsonSchema;
using Conformance.Model.Outcomes;
using Conformance.Tests.Examples;
using Xunit.Sdk;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// clan-core's options-to-JSON-schema converter against its own tests (<see cref="JsonSchemaExampleCases"/>),
/// and two converters with one mistake planted each, which must fail exactly the tests about that mistake:
/// the cases compare what they are named after, not only that something came out. Then four facts
/// beyond upstream's tests, from clan-core's own output at the pin.
/// </summary>
public sealed class JsonSchemaExampleSpecs
{
    public static TheoryData<string> Tests => new(JsonSchemaExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void The_converter_predicts_what_the_upstream_test_expects(string upstreamTest) =>
        JsonSchemaExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();

    /// <summary>Only four upstream tests turn readOnly on (<c>readOnly.input = true</c>); a converter ignoring it fails those four.</summary>
    [Fact]
    public void A_converter_that_ignores_readOnly_fails_the_four_upstream_tests_that_ask_for_it() =>
        Assert.Equal(["testFreeForm", "testNested", "testNestedOptional", "testReadOnlySubmodule"],
            Failing((options, module) => Strip(JsonSchemaConverter.FromOptions(options, module), "readOnly")));

    /// <summary>A converter that takes only <c>default</c> to make an option optional, not <c>defaultText</c> (lib/jsonschema/default.nix:153).</summary>
    [Fact]
    public void A_converter_that_ignores_defaultText_for_required_fails_the_upstream_defaultText_tests() =>
        Assert.Equal(["testDefaultText", "testNestedDefaultText"],
            Failing((options, module) => JsonSchemaConverter.FromOptions(options, WithoutDefaultText(module))));

    // Beyond upstream's tests: what clan-core's converter gives at the pin (nix-instantiate --eval --strict
    // --json of clanLib.jsonschema.fromModule { typePrefix = "Main"; output = false; … }, clanLib from
    // lib/default.nix), for behaviour its tests do not reach.

    /// <summary>isContainingType never finds two schemas without <c>type</c> or <c>enum</c> equal, and <c>additionalProperties = false</c> is one: equal submodules stay two branches.</summary>
    [Fact]
    public void Either_of_two_equal_submodules_keeps_both_branches_as_clan_core_does() =>
        AssertDefs(Convert(SchemaModule.Of(new SchemaOption("opt", new SchemaType.Either(ASubmodule(), ASubmodule())))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput","readOnly":true}},"required":["opt"],"type":"object"},"MainOptInput":{"oneOf":[{"$ref":"#/$defs/MainOptLeftInput"},{"$ref":"#/$defs/MainOptRightInput"}]},"MainOptLeftInput":{"additionalProperties":false,"properties":{"a":{"readOnly":true,"type":"integer"}},"required":["a"],"type":"object"},"MainOptRightInput":{"additionalProperties":false,"properties":{"a":{"readOnly":true,"type":"integer"}},"required":["a"],"type":"object"}}""");

    /// <summary><c>getRenamedType</c> applies to the prefix built so far: once <c>MainOpt</c> is renamed, its element is <c>RenamedItem</c>, and a rename of <c>MainOptItem</c> never applies.</summary>
    [Fact]
    public void A_renamed_type_prefixes_its_element_types_and_hides_renames_of_their_old_names() =>
        AssertDefs(Convert(SchemaModule.Of(
                new SchemaOption("opt", new SchemaType.ListOf(new SchemaType.Enum([JsonValue.Create("x")]))) { Description = "d" },
                new SchemaOption("e", new SchemaType.Enum([JsonValue.Create(1), JsonValue.Create(2)])) { Default = SchemaDefault.Json(1) }),
                new Dictionary<string, string> { ["MainOpt"] = "Renamed", ["MainOptItem"] = "Elem" }),
            """{"MainEInput":{"enum":[1,2]},"MainInput":{"additionalProperties":false,"properties":{"e":{"$ref":"#/$defs/MainEInput","readOnly":true},"opt":{"$ref":"#/$defs/RenamedInput","readOnly":true}},"required":["opt"],"type":"object"},"RenamedInput":{"description":"d","items":{"$ref":"#/$defs/RenamedItemInput"},"type":"array"},"RenamedItemInput":{"enum":["x"]}}""");

    /// <summary>clan-core: "option type 'functionTo' ('function that evaluates to a(n) signed integer') not supported by jsonschema converter".</summary>
    [Fact]
    public void An_unsupported_type_is_the_converter_s_throw_naming_it()
    {
        var error = Assert.IsType<ErrorOutcome>(Convert(SchemaModule.Of(new SchemaOption("opt", new SchemaType.Named("functionTo"))))).Error;
        Assert.Equal(ErrorKind.Throw, error.Kind);
        Assert.Equal("option type 'functionTo'", error.KeyText);
    }

    /// <summary>clan-core: "stack overflow; max-call-depth exceeded" — isContainingType compares AnyJson's array items with themselves forever.</summary>
    [Fact]
    public void Either_of_anything_and_anything_overflows_the_stack_as_clan_core_does()
    {
        var error = Assert.IsType<ErrorOutcome>(Convert(SchemaModule.Of(new SchemaOption("opt", new SchemaType.Either(SchemaType.Anything, SchemaType.Anything))))).Error;
        Assert.Equal(ErrorKind.Other, error.Kind);
        Assert.Equal("stack overflow", error.KeyText);
    }

    private static SchemaType ASubmodule() => new SchemaType.Submodule(SchemaModule.Of(new SchemaOption("a", SchemaType.Int)));

    private static Outcome Convert(SchemaModule module, IReadOnlyDictionary<string, string>? renamedTypes = null) =>
        JsonSchemaConverter.FromOptions(new JsonSchemaOptions("Main") { Output = false, RenamedTypes = renamedTypes ?? new Dictionary<string, string>() }, module);

    private static void AssertDefs(Outcome outcome, string expected) =>
        new UpstreamExample("clan-core at the pin", "fromModule", "lib/jsonschema/default.nix", () => JsonSchemaExampleCases.Defs(outcome), expected).AssertModelAgrees();

    private static string[] Failing(JsonSchemaExampleCases.Converter convert) =>
        JsonSchemaExampleCases.With(convert).Where(e =>
        {
            try
            {
                e.AssertModelAgrees();
                return false;
            }
            catch (XunitException)
            {
                return true;
            }
        }).Select(e => e.Test).Order(StringComparer.Ordinal).ToArray();

    private static Outcome Strip(Outcome outcome, string key) => outcome switch
    {
        ValueOutcome v => Outcome.Value(Strip(v.Expected!.DeepClone(), key), v.Rule),
        _ => outcome,
    };

    private static JsonNode Strip(JsonNode node, string key)
    {
        if (node is JsonObject o)
        {
            o.Remove(key);
            foreach (var child in o.Select(kv => kv.Value).OfType<JsonNode>().ToList()) Strip(child, key);
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a.OfType<JsonNode>()) Strip(child, key);
        }
        return node;
    }

    private static SchemaModule WithoutDefaultText(SchemaModule module) =>
        new(module.Entries.Select(WithoutDefaultText).ToList()) { FreeformType = module.FreeformType is { } f ? WithoutDefaultText(f) : null };

    private static SchemaEntry WithoutDefaultText(SchemaEntry entry) => entry switch
    {
        SchemaOption o => o with { HasDefaultText = false, Type = WithoutDefaultText(o.Type) },
        SchemaGroup g => new SchemaGroup(g.Name, g.Entries.Select(WithoutDefaultText).ToList()),
        _ => entry,
    };

    private static SchemaType WithoutDefaultText(SchemaType type) => type switch
    {
        SchemaType.Submodule s => new SchemaType.Submodule(WithoutDefaultText(s.Module)),
        SchemaType.NullOr n => new SchemaType.NullOr(WithoutDefaultText(n.Element)),
        SchemaType.ListOf l => new SchemaType.ListOf(WithoutDefaultText(l.Element)),
        SchemaType.AttrsOf a => a with { Element = WithoutDefaultText(a.Element) },
        SchemaType.Either e => new SchemaType.Either(WithoutDefaultText(e.Left), WithoutDefaultText(e.Right)),
        SchemaType.CoercedTo c => new SchemaType.CoercedTo(WithoutDefaultText(c.From), WithoutDefaultText(c.To)),
        SchemaType.AttrTag t => new SchemaType.AttrTag(t.Tags.ToDictionary(kv => kv.Key, kv => WithoutDefaultText(kv.Value))),
        _ => type,
    };
}
