using System.Text.Json.Nodes;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// A case and one expected value as a nix-unit test set in the shape of clan-core's eval tests
/// (<c>lib/**/tests</c>, collected into <c>checks.eval-tests</c>): a directory whose
/// <c>default.nix</c> is <c>{ lib, clanLib, ... }: { test_NAME = { expr = …; expected = …; }; }</c>,
/// next to the case's module files. The clan is built with <c>clanLib.clan</c>, as clan-core's own
/// tests build theirs (nixpkgs: clan-core's own input, clanLib.clan's default). The case's files
/// are flake-parts modules defining <c>clan.*</c> (and <c>perSystem</c>, <c>flake.modules</c>), so
/// <c>default.nix</c> evaluates them with <c>lib.evalModules</c> against the few flake-parts options
/// they use, hands their <c>clan</c> definitions (a deferred module) to <c>clanLib.clan</c>, and gives
/// the clan what flake-parts' clan module gives it: <c>_dependencies.flake-config</c> with each listed
/// system's <c>perSystem</c> (where <c>perSystem.clan.pkgs</c> and an unlisted system's absence come from).
/// </summary>
public static class NixUnitExport
{
    /// <summary>The wrapper flake that evaluates the test set offline: <c>nix eval .#tests --apply</c> <see cref="ResultsApply"/>.</summary>
    /// Per test: whether it passes (<c>expr == expected</c>, nix-unit's check) and <c>expr</c> itself, so a caller can say what it evaluated to.
    public const string ResultApply = "t: { passes = t.expr == t.expected; inherit (t) expr; }";

    /// <summary>The same per test of a set.</summary>
    public const string ResultsApply = "ts: builtins.mapAttrs (_: t: { passes = t.expr == t.expected; inherit (t) expr; }) ts";

    public static RenderedTree Render(RenderedTree reportTree, ReproCommand command, string testName, string comment, JsonNode? expected)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var modules = reportTree.Files.Keys.Where(p => p.StartsWith("modules/", StringComparison.Ordinal) && !p.StartsWith("modules/_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        foreach (var (path, content) in reportTree.Files.Where(kv => kv.Key != "flake.nix")) files[path] = content;
        var w = new NixWriter()
            .Line("# " + comment)
            .Line("{ lib, clanLib, ... }:")
            .Open("let")
            .Line("# The case's flake-parts modules, evaluated against the options they use; `inputs.nixpkgs` is the clan's own.")
            .Open("flakeParts = lib.evalModules {")
            .Line("specialArgs.inputs = { clan-core.flakeModules.default = { }; flake-parts.flakeModules.modules = { }; nixpkgs = eval._module.specialArgs.nixpkgs; };")
            .Open("modules = [")
            .Open("{")
            .Line("options.clan = lib.mkOption { type = lib.types.deferredModule; default = { }; };")
            .Line("options.systems = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };")
            .Line("options.perSystem = lib.mkOption { type = lib.types.deferredModule; default = { }; };")
            .Line("options.flake.modules = lib.mkOption { type = lib.types.lazyAttrsOf (lib.types.lazyAttrsOf lib.types.deferredModule); default = { }; };")
            .Close("}");
        foreach (var module in modules) w.Line("./" + module);
        w.Close("];")
            .Close("};")
            .Open("perSystem = system: (lib.evalModules {")
            .Line("specialArgs = { inherit system; };")
            .Line("modules = [ { options.clan.pkgs = lib.mkOption { type = lib.types.raw; default = null; }; } flakeParts.config.perSystem ];")
            .Close("}).config;")
            .Open("eval = clanLib.clan {")
            .Line("self = { inputs = { }; outPath = ./.; };")
            .Line("directory = ./.;")
            .Line("imports = [ flakeParts.config.clan { _dependencies.flake-config.allSystems = lib.genAttrs flakeParts.config.systems perSystem; } ];")
            .Close("};")
            .Line("outputs = { clan = eval.config; inherit (eval.config) clanInternals nixosConfigurations darwinConfigurations nixosModules; };")
            .Close("in")
            .Open("{")
            .Open($"{NixSyntax.AttrName(testName)} = {{")
            .Line($"expr = ({command.Apply}) {(command.AttributePath.Count == 0 ? "outputs" : "outputs." + NixSyntax.AttrPath([.. command.AttributePath]))};")
            .Line($"expected = {Value(expected)};")
            .Close("};")
            .Close("}");
        files["default.nix"] = w.ToString();
        return new RenderedTree(files);
    }

    /// <summary>The flake that evaluates a test directory's set with clan-core's clanLib and nixpkgs' lib: <c>tests</c> is the set.</summary>
    public static string RunnerFlake(InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins) =>
        new NixWriter()
            .Open("{")
            .Open("inputs = {")
            .Line($"clan-core.url = {NixSyntax.String(clanCore.Reference)};")
            .Line($"nixpkgs.url = {NixSyntax.String(lockPins["nixpkgs"].Reference)};")
            .Line("clan-core.inputs.nixpkgs.follows = \"nixpkgs\";")
            .Close("};")
            .Line("outputs = { clan-core, nixpkgs, ... }: { tests = import ./test { inherit (nixpkgs) lib; inherit (clan-core) clanLib; }; };")
            .Close("}")
            .ToString();

    /// <summary>
    /// The flake that evaluates tests where clan-core's eval check finds them: in the test set the
    /// check runs nix-unit on (<c>legacyPackages.SYSTEM.evalTests-…</c>, which is the suite's entry file
    /// imported with <c>lib</c> and clan-core: <see cref="ClanCoreTest.SuiteExpression"/>), under the
    /// name the patch registered — so a test is reached only if the patched entry file collects it.
    /// The entry file is imported as the flake module does rather than through <c>legacyPackages</c>,
    /// which would evaluate all of clan-core's perSystem modules first (a minute per revision here).
    /// <c>tests</c> lists each test's <c>{ expr; expected; }</c>, read by
    /// <see cref="ClanCoreCheckExpression"/> one at a time (a repl batch: one throwing test does not
    /// hide the others).
    /// </summary>
    public static string ClanCoreCheckFlake(IReadOnlyList<ClanCoreTest> tests)
    {
        var w = new NixWriter()
            .Open("{")
            .Line("inputs.clan-core.url = \"github:clan-lol/clan-core\";")
            .Open("outputs = { clan-core, ... }: {")
            .Open("tests = [");
        foreach (var test in tests)
            w.Line($"({test.SuiteExpression("clan-core")}).{NixSyntax.AttrName(test.Name)}.{NixSyntax.AttrName(test.TestAttribute)}");
        return w.Close("];").Close("};").Close("}").ToString();
    }

    /// <summary>The repl expression of test <paramref name="index"/> of <see cref="ClanCoreCheckFlake"/>: whether it passes (nix-unit's check) and its <c>expr</c>.</summary>
    public static string ClanCoreCheckExpression(int index) => $"({ResultApply}) (builtins.elemAt tests {index})";

    /// <summary>The repl expression of a test that expects an error: its <c>expr</c> alone (the caller matches the error's message).</summary>
    public static string ClanCoreCheckErrorExpression(int index) => $"(builtins.elemAt tests {index}).expr";

    /// <summary>A JSON value as a Nix value (what <c>builtins.toJSON</c> of it gives back).</summary>
    public static string Value(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => o.Count == 0 ? "{ }" : "{ " + string.Concat(o.Select(kv => $"{NixSyntax.AttrName(kv.Key)} = {Value(kv.Value)}; ")) + "}",
        JsonArray a => a.Count == 0 ? "[ ]" : "[ " + string.Concat(a.Select(v => Value(v) + " ")) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => NixSyntax.String(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };
}
