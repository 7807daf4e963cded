using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's tests of its deferred-module types at the pinned revision (lib/types/unique.nix,
/// lib/types/exclusive.nix; suite <c>evalTests-types</c>), re-expressed against <see cref="ClanTypes"/>.
/// Upstream's definitions come from anonymous modules: their file is <c>&lt;unknown-file&gt;</c>.
/// </summary>
public static class TypesExampleCases
{
    private const string Suite = "evalTests-types";
    private const string Unknown = "<unknown-file>";

    private static UpstreamExample Unique(string test, ModuleDefinition definition, string expected) =>
        new(Suite, $"uniqueDeferredSerializableModule.{test}", "lib/types/unique.nix", () => ClanTypes.UniqueDeferredSerializableModule("foo", [definition]), expected);

    /// <summary><c>lib.deepSeq eval.config.exclusive 1</c>: 1 unless the value fails (the warning of two definitions is not observable to nix-unit).</summary>
    private static UpstreamExample Exclusive(string test, params ModuleDefinition[] definitions) =>
        new(Suite, $"exclusiveDeferredModule.{test}", "lib/types/exclusive.nix",
            () => ClanTypes.ExclusiveDeferredModule("exclusive", [], definitions).Value switch
            {
                ValueOutcome => Outcome.Value(1, "exclusiveDeferredModule"),
                var error => error,
            },
            "1");

    /// <summary>An attribute set declaring options (<c>{ options.foo = lib.mkOption { }; }</c>): serialisable enough for the exclusive type, which does not serialise.</summary>
    private static ModuleDefinition Declaring(params string[] options) =>
        new(Unknown, ModuleValueKind.Attrs) { Attrs = new JsonObject { ["options"] = new JsonObject(options.Select(o => KeyValuePair.Create(o, (JsonNode?)new JsonObject()))) } };

    public static readonly IReadOnlyList<UpstreamExample> All =
    [
        Unique("test_simple", new ModuleDefinition(Unknown, ModuleValueKind.Attrs) { Attrs = [] },
            """{"imports":[{"_file":"<unknown-file>, via option foo","imports":[{}]}]}"""),
        Unique("test_no_nested_imports", new ModuleDefinition(Unknown, ModuleValueKind.Attrs) { Attrs = new JsonObject { ["imports"] = new JsonArray() }, HasImports = true },
            "error:Throw:nested imports"),
        Unique("test_no_function_modules", new ModuleDefinition(Unknown, ModuleValueKind.Function), "error:NotJson:cannot convert a function to JSON"),
        Unique("test_non_attrs_module", new ModuleDefinition(Unknown, ModuleValueKind.Other), "error:TypeMismatch:foo' is not of type"),
        Exclusive("test_set_once", Declaring("foo")),
        Exclusive("test_set_twice", Declaring("foo"), Declaring("foo", "bar")),
    ];
}
