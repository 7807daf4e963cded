using System.Text.Json.Nodes;
using Conformance.Model.ModuleSystem;
using Conformance.Model.Outcomes;
using static Conformance.Model.ModuleSystem.IntrospectedValue;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's introspection tests at the pinned revision (lib/introspection/test.nix, suite
/// <c>evalTests-values</c>): <c>getPrios</c> of small module evaluations, re-expressed against
/// <see cref="Introspection"/>. The modules are written as declarations and definitions in collection
/// order; anonymous modules' file is <c>&lt;unknown-file&gt;</c>. Most upstream tests compare a
/// <c>stableView</c> (files, prio and total of each <c>__this</c>, lists emptied), done here the same way.
/// </summary>
public static class IntrospectionExampleCases
{
    private const string Suite = "evalTests-values";
    private const string U = "<unknown-file>";

    private static readonly IntrospectedType Bool = new IntrospectedType.Leaf("bool");
    private static readonly IntrospectedType Int = new IntrospectedType.Leaf("int");

    private static UpstreamExample T(string test, Func<JsonNode> predict, string expected) =>
        new(Suite, test, "lib/introspection/test.nix", () => Outcome.Value(predict(), "getPrios"), expected);

    private static IntrospectedDefinition Def(string file, IntrospectedValue value) => new(file, value);

    private static JsonObject Prios(IntrospectedOption option, params IntrospectedDefinition[] definitions) =>
        Introspection.GetPrios([option], new Dictionary<string, IReadOnlyList<IntrospectedDefinition>> { [option.Name] = definitions });

    /// <summary>Upstream's <c>stableView</c>.</summary>
    private static JsonNode StableView(JsonNode node) => new JsonObject(node.AsObject().Select(kv => KeyValuePair.Create(kv.Key, kv.Key switch
    {
        "__this" => (JsonNode?)new JsonObject(kv.Value!.AsObject().Where(p => p.Key is "files" or "prio" or "total").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
        "__list" => new JsonArray(),
        _ when kv.Value is JsonObject => StableView(kv.Value),
        _ => kv.Value?.DeepClone(),
    })));

    private static IntrospectedOption Machines(IntrospectedType container) => new("machines", container);

    private static IntrospectedType.Submodule MachineModule => new(
    [
        new("prim", Int) { HasDefault = true },
        new("settings", new IntrospectedType.Submodule([])) { HasDefault = true },
        new("fludl", new IntrospectedType.Submodule([])) { HasDefault = true },
    ]);

    public static readonly IReadOnlyList<UpstreamExample> All =
    [
        T("test_default", () => StableView(Prios(IntrospectedOption.Group("foo", new IntrospectedOption("bar", Bool) { HasDefault = true }))),
            """{"foo":{"bar":{"__this":{"files":["<unknown-file>"],"prio":1500,"total":false}}}}"""),
        T("test_no_default", () => StableView(Prios(IntrospectedOption.Group("foo", new IntrospectedOption("bar", Bool)))),
            """{"foo":{"bar":{"__this":{"files":[],"prio":9999,"total":false}}}}"""),
        T("test_submodule", () => StableView(Prios(new IntrospectedOption("foo", new IntrospectedType.Submodule([new("bar", Bool)])))),
            """{"foo":{"__this":{"files":[],"prio":9999,"total":true},"bar":{"__this":{"files":[],"prio":9999,"total":false}}}}"""),
        // The submodule is declared with _file = "option"; definitions come from modules "default" and "normal".
        T("test_submodule_with_merging", () => StableView(Prios(
                new IntrospectedOption("foo", new IntrospectedType.Submodule(
                [
                    new("normal", Bool, "option"), new("default", Bool, "option"), new("optionDefault", Bool, "option") { HasDefault = true }, new("unset", Bool, "option"),
                ])),
                Def("default", Set(("default", Leaf(1000)))),
                Def("normal", Set(("normal", Leaf()))))),
            """{"foo":{"__this":{"files":["normal","default"],"prio":100,"total":true},"default":{"__this":{"files":["default"],"prio":1000,"total":false}},"normal":{"__this":{"files":["normal"],"prio":100,"total":false}},"optionDefault":{"__this":{"files":["option"],"prio":1500,"total":false}},"unset":{"__this":{"files":[],"prio":9999,"total":false}}}}"""),
        T("test_submoduleWith", () => StableView(Prios(new IntrospectedOption("foo", new IntrospectedType.Submodule([new("bar", Bool)])), Def(U, Set(("bar", Leaf()))))),
            """{"foo":{"__this":{"files":["<unknown-file>"],"prio":100,"total":true},"bar":{"__this":{"files":["<unknown-file>"],"prio":100,"total":false}}}}"""),
        T("test_attrsOf_submodule", () => StableView(Prios(
                new IntrospectedOption("foo", new IntrospectedType.AttrsOf(new IntrospectedType.Submodule([new("bar", Int) { HasDefault = true }]))),
                Def(U, Set(("nested", Set(("bar", Leaf())) with { Priority = 50 }))),
                Def(U, Set(("other", Set(("bar", Leaf())) with { Priority = 50 }))))),
            """{"foo":{"__this":{"files":["<unknown-file>","<unknown-file>"],"prio":100,"total":false},"nested":{"__this":{"files":["<unknown-file>"],"prio":50,"total":true},"bar":{"__this":{"files":["<unknown-file>"],"prio":100,"total":false}}},"other":{"__this":{"files":["<unknown-file>"],"prio":50,"total":true},"bar":{"__this":{"files":["<unknown-file>"],"prio":100,"total":false}}}}}"""),
        // The declaring module defines foo.a.c = { } and imports inventory.json's module (collected after it).
        T("test_attrsOf_attrsOf_submodule", () => StableView(Prios(
                new IntrospectedOption("foo", new IntrospectedType.AttrsOf(new IntrospectedType.AttrsOf(new IntrospectedType.Submodule([new("bar", Int) { HasDefault = true }])))),
                Def(U, Set(("a", Set(("c", Set()))))),
                Def("inventory.json", Set(("a", Set(("c", Set(("bar", Leaf()))))))))),
            """{"foo":{"__this":{"files":["inventory.json","<unknown-file>"],"prio":100,"total":false},"a":{"__this":{"files":["inventory.json","<unknown-file>"],"prio":100,"total":false},"c":{"__this":{"files":["inventory.json","<unknown-file>"],"prio":100,"total":true},"bar":{"__this":{"files":["inventory.json"],"prio":100,"total":false}}}}}}"""),
        T("test_attrsOf_submodule_default", () => StableView(Prios(Machines(new IntrospectedType.AttrsOf(MachineModule)),
                Def("inventory.json", Set(("jon", Set(("prim", Leaf()))))),
                Def(U, Set(("jon", Set()))))),
            """{"machines":{"__this":{"files":["<unknown-file>","inventory.json"],"prio":100,"total":false},"jon":{"__this":{"files":["<unknown-file>","inventory.json"],"prio":100,"total":true},"fludl":{"__this":{"files":["<unknown-file>"],"prio":1500,"total":true}},"prim":{"__this":{"files":["inventory.json"],"prio":100,"total":false}},"settings":{"__this":{"files":["<unknown-file>"],"prio":1500,"total":true}}}}}"""),
        // No stableView here: upstream compares getPrios itself.
        T("test_listof_submodule_list", () => Prios(new IntrospectedOption("list", new IntrospectedType.ListOf(new IntrospectedType.Submodule([new("foo", new IntrospectedType.Leaf("unspecified"))]))),
                Def("inventory.json", List(Set(), Set())),
                Def("clan.nix", List(Set(), Set()))),
            "{\"list\":{\"__list\":[" + string.Join(",", Enumerable.Repeat("""{"foo":{"__this":{"files":[],"headType":"unspecified","nullable":false,"prio":9999,"total":false}}}""", 4)) +
            """],"__this":{"files":["clan.nix","inventory.json"],"headType":"listOf","nullable":false,"prio":100,"total":false}}}"""),
        T("test_listOf_submodule_default", () => StableView(Prios(Machines(new IntrospectedType.ListOf(MachineModule)),
                Def("inventory.json", List(Set(("prim", Leaf())))),
                Def("clan.nix", List(Set(("prim", Leaf())))))),
            """{"machines":{"__list":[],"__this":{"files":["clan.nix","inventory.json"],"prio":100,"total":false}}}"""),
        // expr: result.extraModules.__list
        T("test_listOf_either", () => Prios(new IntrospectedOption("extraModules", new IntrospectedType.ListOf(new IntrospectedType.Either())) { HasDefault = true },
                Def("config.nix", List(Leaf(), Leaf(), Leaf())))["extraModules"]!["__list"]!.DeepClone(),
            "[{},{},{}]"),
    ];
}
