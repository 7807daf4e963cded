using System.Text.Json.Nodes;
using Conformance.Model.JsonSchema;
using Conformance.Model.Outcomes;
using static Conformance.Model.JsonSchema.SchemaType;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's tests of its options-to-JSON-schema converter at the pinned revision
/// (lib/jsonschema/test.nix, suite <c>evalTests-lib-jsonschema-unit-tests</c>), re-expressed against
/// <see cref="JsonSchemaConverter"/>. Upstream's helpers: <c>fromModule opts module</c> is
/// <c>(fromModule ({ typePrefix = "Main"; readOnly = { input = false; output = false; }; output = false; } // opts) module)."$defs"</c>
/// (test.nix:7-32), <c>fromOption</c> declares the one option <c>opt</c>, <c>fromType</c> gives it only a type.
/// The cases are built over a converter so that a deliberately wrong one can be run through them.
/// </summary>
public static class JsonSchemaExampleCases
{
    private const string Suite = "evalTests-lib-jsonschema-unit-tests";

    /// <summary>test.nix:7-21: no readOnly, input only.</summary>
    private static readonly JsonSchemaOptions Main = new("Main") { ReadOnlyInput = false, ReadOnlyOutput = false, Output = false };

    /// <summary><c>{ readOnly.input = true; }</c>: <c>//</c> is shallow, so it replaces the whole readOnly set and readOnly.output is absent, which reads as true.</summary>
    private static readonly JsonSchemaOptions ReadOnlyInput = Main with { ReadOnlyInput = true, ReadOnlyOutput = true };

    internal delegate Outcome Converter(JsonSchemaOptions options, SchemaModule module);

    public static readonly IReadOnlyList<UpstreamExample> All = With(JsonSchemaConverter.FromOptions);

    /// <summary><c>fromType { } type</c>: the one option <c>opt</c> of that type.</summary>
    private static SchemaModule Type(SchemaType type) => Opt(new SchemaOption("opt", type));

    private static SchemaModule Opt(SchemaOption option) => SchemaModule.Of(option);

    private static SchemaDefault Json(JsonNode value) => SchemaDefault.Json(value);

    private static SchemaType Enum(params string[] values) => new SchemaType.Enum(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static SchemaType Tags(params (string Tag, SchemaType Type)[] tags) => new AttrTag(tags.ToDictionary(t => t.Tag, t => t.Type));

    /// <summary>What upstream's helpers keep of a conversion: its <c>."$defs"</c>, or the error.</summary>
    internal static Outcome Defs(Outcome converted) => converted switch
    {
        ValueOutcome v => Outcome.Value(v.Expected!["$defs"]!.DeepClone(), v.Rule),
        var error => error,
    };

    /// <summary>The upstream tests run through <paramref name="convert"/>: each predicts <c>."$defs"</c> of its result.</summary>
    internal static IReadOnlyList<UpstreamExample> With(Converter convert)
    {
        UpstreamExample T(string test, JsonSchemaOptions options, SchemaModule module, string expected) =>
            new(Suite, test, "lib/jsonschema/test.nix", () => Defs(convert(options, module)), expected);

        return
        [
        T("testNested", Main with { ReadOnlyInput = true, ReadOnlyOutput = true, Output = true }, SchemaModule.Of(SchemaGroup.Of("foo", new SchemaOption("bar", Bool), new SchemaOption("baz", Bool) { Default = Json(false) })),
            """{"MainFooInput":{"additionalProperties":false,"properties":{"bar":{"readOnly":true,"type":"boolean"},"baz":{"default":false,"readOnly":true,"type":"boolean"}},"required":["bar"],"type":"object"},"MainFooOutput":{"additionalProperties":false,"properties":{"bar":{"readOnly":true,"type":"boolean"},"baz":{"default":false,"readOnly":true,"type":"boolean"}},"required":["bar","baz"],"type":"object"},"MainInput":{"additionalProperties":false,"properties":{"foo":{"$ref":"#/$defs/MainFooInput","readOnly":true}},"required":["foo"],"type":"object"},"MainOutput":{"additionalProperties":false,"properties":{"foo":{"$ref":"#/$defs/MainFooOutput","readOnly":true}},"required":["foo"],"type":"object"}}"""),
        T("testNestedOptional", ReadOnlyInput, SchemaModule.Of(SchemaGroup.Of("foo", new SchemaOption("bar", Str) { Default = Json("bar") }, new SchemaOption("baz", Port) { Default = Json(22) })),
            """{"MainFooInput":{"additionalProperties":false,"properties":{"bar":{"default":"bar","readOnly":true,"type":"string"},"baz":{"default":22,"readOnly":true,"type":"integer"}},"type":"object"},"MainInput":{"additionalProperties":false,"properties":{"foo":{"$ref":"#/$defs/MainFooInput","readOnly":true}},"type":"object"}}"""),
        T("testFreeForm", ReadOnlyInput, SchemaModule.Of(SchemaOption.Enable("enable", "enable this")) with { FreeformType = new AttrsOf(Int) },
            """{"MainInput":{"additionalProperties":{"type":"integer"},"properties":{"enable":{"default":false,"description":"Whether to enable enable this.","readOnly":true,"type":"boolean"}},"type":"object"}}"""),
        T("testDescription", Main, Opt(new SchemaOption("opt", Bool) { Description = "foo" }),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"description":"foo","type":"boolean"}},"required":["opt"],"type":"object"}}"""),
        // description = { _type = "mdDoc"; text = "foo"; }: the converter reads the text.
        T("testAttrsDescription", Main, Opt(new SchemaOption("opt", Bool) { Description = "foo" }),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"description":"foo","type":"boolean"}},"required":["opt"],"type":"object"}}"""),
        T("testDefaultText", Main, Opt(new SchemaOption("opt", Bool) { HasDefaultText = true }),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"type":"boolean"}},"type":"object"}}"""),
        // default = throw "…": never evaluated, since defaultText is there.
        T("testDefaultAndDefaultText", Main, Opt(new SchemaOption("opt", Bool) { Default = SchemaDefault.NotJson, HasDefaultText = true }),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"type":"boolean"}},"type":"object"}}"""),
        T("testNestedDefaultText", Main, Opt(new SchemaOption("opt", new Submodule(SchemaModule.Of(new SchemaOption("foo", Bool) { HasDefaultText = true }))) { HasDefaultText = true }),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"type":"object"},"MainOptInput":{"additionalProperties":false,"properties":{"foo":{"type":"boolean"}},"type":"object"}}"""),
        T("testString", Main, Type(Str),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"type":"string"}},"required":["opt"],"type":"object"}}"""),
        T("testInteger", Main, Type(Int),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"type":"integer"}},"required":["opt"],"type":"object"}}"""),
        T("testFloat", Main, Type(Float),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"type":"number"}},"required":["opt"],"type":"object"}}"""),
        T("testEnum", Main, Type(Enum("foo", "bar", "baz")),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"enum":["foo","bar","baz"]}}"""),
        T("testListOfInt", Main, Type(new ListOf(Int)),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"items":{"type":"integer"},"type":"array"}}"""),
        T("testListOfUnspecified", Main, Type(new ListOf(Unspecified)),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"}}"""),
        T("testAttrs", Main, Type(new Attrs()),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}}"""),
        T("testAttrsOfInt", Main, Type(new AttrsOf(Int)),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":{"type":"integer"},"type":"object"}}"""),
        T("testLazyAttrsOfInt", Main, Type(new AttrsOf(Int, Lazy: true)),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":{"type":"integer"},"type":"object"}}"""),
        T("testNullOrBool", Main, Type(new NullOr(Bool)),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"oneOf":[{"type":"null"},{"type":"boolean"}]}},"required":["opt"],"type":"object"}}"""),
        T("testNullOrNullOr", Main, Type(new NullOr(new NullOr(Bool))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"oneOf":[{"type":"null"},{"type":"boolean"}]}},"required":["opt"],"type":"object"}}"""),
        T("testSubmodule", Main, Type(new Submodule(SchemaModule.Of(new SchemaOption("bar", Int) { Default = Json(0) }, new SchemaOption("baz", Float) { Default = Json(1.1) }))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":false,"properties":{"bar":{"default":0,"type":"integer"},"baz":{"default":1.1,"type":"number"}},"type":"object"}}"""),
        T("testSubmoduleNestedOptional", Main, Type(new Submodule(SchemaModule.Of(SchemaGroup.Of("foo", new SchemaOption("bar", Str) { Default = Json("bar") }, new SchemaOption("baz", Port) { Default = Json(22) })))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptFooInput":{"additionalProperties":false,"properties":{"bar":{"default":"bar","type":"string"},"baz":{"default":22,"type":"integer"}},"type":"object"},"MainOptInput":{"additionalProperties":false,"properties":{"foo":{"$ref":"#/$defs/MainOptFooInput"}},"type":"object"}}"""),
        T("testEmptySubmodule", Main, Type(new Submodule(SchemaModule.Of())),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":false,"type":"object"}}"""),
        T("testReadOnlySubmodule", ReadOnlyInput, SchemaModule.Of(new SchemaOption("foo", new Submodule(SchemaModule.Of(new SchemaOption("bar", Int) { Default = Json(0) }, new SchemaOption("baz", Float) { Default = Json(1.1) })))),
            """{"MainFooInput":{"additionalProperties":false,"properties":{"bar":{"default":0,"readOnly":true,"type":"integer"},"baz":{"default":1.1,"readOnly":true,"type":"number"}},"type":"object"},"MainInput":{"additionalProperties":false,"properties":{"foo":{"$ref":"#/$defs/MainFooInput","readOnly":true}},"required":["foo"],"type":"object"}}"""),
        T("testSubmoduleWithoutDefault", Main, Type(new Submodule(SchemaModule.Of(new SchemaOption("bar", Int)))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":false,"properties":{"bar":{"type":"integer"}},"required":["bar"],"type":"object"}}"""),
        T("testAttrsOfSubmodule", Main, Type(new AttrsOf(new Submodule(SchemaModule.Of(new SchemaOption("bar", Bool))))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":{"$ref":"#/$defs/MainOptItemInput"},"type":"object"},"MainOptItemInput":{"additionalProperties":false,"properties":{"bar":{"type":"boolean"}},"required":["bar"],"type":"object"}}"""),
        T("testListOfSubmodule", Main, Type(new ListOf(new Submodule(SchemaModule.Of(new SchemaOption("bar", Bool))))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"items":{"$ref":"#/$defs/MainOptItemInput"},"type":"array"},"MainOptItemInput":{"additionalProperties":false,"properties":{"bar":{"type":"boolean"}},"required":["bar"],"type":"object"}}"""),
        T("testEither", Main, Type(new Either(Bool, Str)),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"oneOf":[{"type":"boolean"},{"type":"string"}]}}"""),
        T("testEitherRawOrStr", Main, Type(new Either(Raw, Str)),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/AnyJson"}},"required":["opt"],"type":"object"}}"""),
        T("testEitherEnum", Main, Type(new Either(Enum("a", "b", "c"), Enum("a", "b"))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"enum":["a","b","c"]}}"""),
        T("testEitherComplexLists", Main, Type(new Either(new ListOf(Enum("a", "b", "c")), new ListOf(Enum("a", "b")))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"items":{"$ref":"#/$defs/MainOptItemInput"},"type":"array"},"MainOptItemInput":{"enum":["a","b","c"]}}"""),
        T("testCoercedTo", Main with { Output = true }, Type(new CoercedTo(Int, Str)),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"oneOf":[{"type":"integer"},{"type":"string"}]},"MainOutput":{"additionalProperties":false,"properties":{"opt":{"type":"string"}},"required":["opt"],"type":"object"}}"""),
        T("testCoercedToAttrs", Main with { Output = true }, Type(new CoercedTo(new ListOf(Str), new AttrsOf(Str))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptFromInput":{"items":{"type":"string"},"type":"array"},"MainOptInput":{"oneOf":[{"$ref":"#/$defs/MainOptFromInput"},{"$ref":"#/$defs/MainOptToInput"}]},"MainOptOutput":{"additionalProperties":{"type":"string"},"type":"object"},"MainOptToInput":{"additionalProperties":{"type":"string"},"type":"object"},"MainOutput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptOutput"}},"required":["opt"],"type":"object"}}"""),
        T("testCoercedRawToPath", Main, Type(new CoercedTo(Raw, SchemaType.Path)),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/AnyJson"}},"required":["opt"],"type":"object"}}"""),
        T("testComplexCoerced", Main, Type(new CoercedTo(new ListOf(Str), new AttrsOf(new Submodule(SchemaModule.Of())))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptFromInput":{"items":{"type":"string"},"type":"array"},"MainOptInput":{"oneOf":[{"$ref":"#/$defs/MainOptFromInput"},{"$ref":"#/$defs/MainOptToInput"}]},"MainOptToInput":{"additionalProperties":{"$ref":"#/$defs/MainOptToItemInput"},"type":"object"},"MainOptToItemInput":{"additionalProperties":false,"type":"object"}}"""),
        T("AnyJson.testAnything", Main, Type(Anything),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/AnyJson"}},"required":["opt"],"type":"object"}}"""),
        T("AnyJson.testUnspecified", Main, Type(Unspecified),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/AnyJson"}},"required":["opt"],"type":"object"}}"""),
        T("AnyJson.testRaw", Main, Type(Raw),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/AnyJson"}},"required":["opt"],"type":"object"}}"""),
        T("testRenameAttrType", Main, Type(new AttrsOf(DeferredModule)),
            """{"AnyJson":{"oneOf":[{"type":"null"},{"type":"boolean"},{"type":"integer"},{"type":"number"},{"type":"string"},{"items":{"$ref":"#/$defs/AnyJson"},"type":"array"},{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}]},"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"additionalProperties":{"$ref":"#/$defs/AnyJson"},"type":"object"}}"""),
        T("testAttrTag", Main, Type(Tags(("foo", Bool), ("bar", Str))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptInput":{"oneOf":[{"additionalProperties":false,"properties":{"bar":{"type":"string"}},"required":["bar"],"type":"object"},{"additionalProperties":false,"properties":{"foo":{"type":"boolean"}},"required":["foo"],"type":"object"}]}}"""),
        T("testAttrTagSubmodule", Main, Type(Tags(("simple", Str), ("complex", new Submodule(SchemaModule.Of(new SchemaOption("host", Str), new SchemaOption("port", Port) { Default = Json(8080) }))))),
            """{"MainInput":{"additionalProperties":false,"properties":{"opt":{"$ref":"#/$defs/MainOptInput"}},"required":["opt"],"type":"object"},"MainOptComplexInput":{"additionalProperties":false,"properties":{"host":{"type":"string"},"port":{"default":8080,"type":"integer"}},"required":["host"],"type":"object"},"MainOptInput":{"oneOf":[{"additionalProperties":false,"properties":{"complex":{"$ref":"#/$defs/MainOptComplexInput"}},"required":["complex"],"type":"object"},{"additionalProperties":false,"properties":{"simple":{"type":"string"}},"required":["simple"],"type":"object"}]}}"""),
        ];
    }
}
