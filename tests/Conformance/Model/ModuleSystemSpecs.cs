using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.ModuleSystem;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// The model of nixpkgs' lib/modules.nix, on examples mirrored from nixpkgs' own module-system
/// tests (lib/tests/modules.sh and lib/tests/modules/*.nix) and from lib/modules.nix itself.
/// </summary>
public sealed class ModuleSystemSpecs
{
    private static ModuleNode Module(string origin, Definition[]? definitions = null, ModuleNode[]? imports = null, string? key = null) =>
        new(origin) { Key = key, Definitions = definitions ?? [], Imports = imports ?? [] };

    private static IReadOnlyList<string> ListOf(params ModuleNode[] roots)
    {
        var (definitions, error) = ModuleCollector.DefinitionsInMergeOrder(roots, ModuleClass.Nixos);
        Assert.Null(error);
        var winners = OptionMerge.Winners(definitions.Select(d => d.Definition).OfType<ListDef>(), new ListDef([]) { Priority = Priority.OptionDefault });
        return OptionMerge.Lists("l", winners, d => d.Order, d => d.Items).Value!;
    }

    private static MergeResult<string> ScalarOf(params ModuleNode[] roots)
    {
        var (definitions, error) = ModuleCollector.DefinitionsInMergeOrder(roots, ModuleClass.Nixos);
        Assert.Null(error);
        return OptionMerge.EqualStrings("value", OptionMerge.Winners(definitions.Select(d => d.Definition).OfType<ScalarDef>(),
            new ScalarDef("default") { Priority = Priority.OptionDefault }), d => d.Value);
    }

    [Fact]
    public void A_keyed_module_imported_twice_is_collected_once_like_merge_module_with_key_nix()
    {
        // lib/tests/modules/merge-module-with-key.nix: config.once.raw = "pear", config.twice.raw = "pear\npear".
        var keyed = Module("moduleWithKey", [new ListDef(["pear"])], key: "merge-module-with-key.nix#moduleWithKey");
        var anonymous = Module("moduleWithoutKey", [new ListDef(["pear"])]);
        Assert.Equal(["pear"], ListOf(Module("once", imports: [keyed, keyed])));
        Assert.Equal(["pear", "pear"], ListOf(Module("twice", imports: [anonymous, anonymous])));
    }

    [Fact]
    public void MkForce_wins_over_a_plain_definition_whichever_comes_first_like_define_force_enable_nix()
    {
        // modules.sh: config.enable is false with define-enable.nix + define-force-enable.nix (and with define-enable-force.nix).
        var plain = Module("define-enable.nix", [new ScalarDef("true")]);
        var forced = Module("define-force-enable.nix", [new ScalarDef("false") { Priority = Priority.Force }]);
        Assert.Equal("false", ScalarOf(plain, forced).Value);
        Assert.Equal("false", ScalarOf(forced, plain).Value);
    }

    [Fact]
    public void Equal_priority_definitions_that_differ_conflict_like_types_anything_lists_nix()
    {
        // modules.sh: checkConfigError 'The option .* has conflicting definition values'.
        var result = ScalarOf(Module("a", [new ScalarDef("a")]), Module("b", [new ScalarDef("b")]));
        Assert.Equal(ErrorKind.ConflictingDefinitions, result.Error!.Kind);
        Assert.Equal("same", ScalarOf(Module("a", [new ScalarDef("same")]), Module("b", [new ScalarDef("same")])).Value);
    }

    [Fact]
    public void A_module_of_another_class_cannot_be_imported_like_class_check_nix()
    {
        // modules.sh: checkConfigError 'The module `.*/module-class-is-darwin.nix`.*?expects class "nixos".'
        var (_, error) = ModuleCollector.Collect([Module("root", imports: [new ModuleNode("module-class-is-darwin.nix") { Class = ModuleClass.Darwin }])], ModuleClass.Nixos);
        Assert.Equal(ErrorKind.ClassMismatch, error!.Kind);
        Assert.Contains("expects class \"nixos\"", error.KeyText);
        Assert.Null(ModuleCollector.Collect([new ModuleNode("generic") { Class = ModuleClass.Generic }], ModuleClass.Darwin).Error);
    }

    [Fact]
    public void Definitions_merge_in_reverse_breadth_first_order_so_imports_come_before_their_importer()
    {
        // lib/modules.nix: `mergeModules prefix (reverseList (doCollect { }).modules)` over a genericClosure (breadth-first) walk.
        var root = Module("root", [new ListDef(["root"])],
        [
            Module("a", [new ListDef(["a"])], [Module("a1", [new ListDef(["a1"])], [Module("a11", [new ListDef(["a11"])])]), Module("a2", [new ListDef(["a2"])])]),
            Module("b", [new ListDef(["b"])], [Module("b1", [new ListDef(["b1"])])]),
        ]);
        // Breadth-first: root, a, b, a1, a2, b1, a11 — reversed.
        Assert.Equal(["a11", "b1", "a2", "a1", "b", "a", "root"], ListOf(root));
    }

    [Fact]
    public void A_keyed_module_reached_twice_stays_where_the_walk_first_meets_it()
    {
        var shared = Module("shared.nix", [new ListDef(["shared"])], key: "path:shared.nix");
        var root = Module("root", imports: [Module("deep", imports: [shared]), Module("x", [new ListDef(["x"])]), shared]);
        // The walk meets `shared` at depth 1 (third import) before its copy at depth 2.
        Assert.Equal(["shared", "x"], ListOf(root));
    }

    [Fact]
    public void MkBefore_and_mkAfter_reorder_list_definitions_stably()
    {
        // lib/modules.nix sortProperties: stable sort by mkOrder (mkBefore 500, default 1000, mkAfter 1500).
        var root = Module("root",
        [
            new ListDef(["after"]) { Order = Order.After },
            new ListDef(["plain1"]),
            new ListDef(["before"]) { Order = Order.Before },
            new ListDef(["plain2"]),
            new ListDef(["custom-999"]) { Order = Order.Of(999) },
        ]);
        Assert.Equal(["before", "custom-999", "plain1", "plain2", "after"], ListOf(root));
    }

    [Fact]
    public void MkIf_false_definitions_are_dropped_before_priorities_are_compared()
    {
        var root = Module("root", [new ScalarDef("hidden") { Priority = Priority.Force, Condition = false }, new ScalarDef("shown")]);
        Assert.Equal("shown", ScalarOf(root).Value);
    }

    [Fact]
    public void The_option_default_is_a_definition_at_priority_1500_and_beats_mkOverride_1600()
    {
        Assert.Equal("default", ScalarOf(Module("root", [new ScalarDef("too-weak") { Priority = Priority.Override(1600) }])).Value);
        Assert.Equal("strong-enough", ScalarOf(Module("root", [new ScalarDef("strong-enough") { Priority = Priority.Override(1499) }])).Value);
        Assert.Equal("default", ScalarOf().Value);
    }

    [Fact]
    public void A_unique_option_defined_twice_at_the_winning_priority_fails()
    {
        var defs = new[] { new UniqueDef("a"), new UniqueDef("a") };
        Assert.Equal(ErrorKind.NotUnique, OptionMerge.Unique("u", OptionMerge.Winners(defs, null)).Error!.Kind);
        Assert.Equal("a", OptionMerge.Unique("u", OptionMerge.Winners([new UniqueDef("a"), new UniqueDef("b") { Priority = Priority.Default }], null)).Value!.Value);
    }

    [Fact]
    public void Nixpkgs_config_definitions_fold_with_recursiveUpdate_so_the_last_one_wins_per_key()
    {
        // nixos/modules/misc/nixpkgs.nix: merge = args: lib.foldr (def: mergeConfig def.value) { } with mergeConfig = recursiveUpdate.
        var merged = OptionMerge.NixpkgsConfig([
            new NixpkgsConfigDef([new ConfigEntry("a", "first"), new ConfigEntry("b", "first")]),
            new NixpkgsConfigDef([new ConfigEntry("a", "last")]),
        ]).Value!;
        Assert.Equal("last", merged["a"]);
        Assert.Equal("first", merged["b"]);
    }
}
