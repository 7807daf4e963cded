using System.Text.Json.Nodes;
using Conformance.Model.JsonSchema;
using Conformance.Model.Outcomes;
using Conformance.Tests.Examples;
using Xunit.Sdk;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// clan-core's options-to-JSON-schema converter against its own tests (<see cref="JsonSchemaExampleCases"/>),
/// and two converters with one mistake planted each, which must fail exactly the tests about that mistake:
/// the cases compare what they are named after, not only that something came out.
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
