using System.Text.Json.Nodes;
using Conformance.Model.Cases;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// A case and one expected value as a nix-unit test set in the shape of clan-core's eval tests
/// (<c>lib/**/tests</c>, collected into <c>checks.eval-tests</c>): a directory whose
/// <c>default.nix</c> is <c>{ lib, clanLib, ... }: { test_NAME = { expr = …; expected = …; }; }</c>,
/// next to the case's module files. The clan is built with <c>clanLib.clan</c>, as clan-core's own
/// service tests build theirs; the case's files are flake-parts modules defining <c>clan.*</c>, so
/// <c>default.nix</c> evaluates them with <c>lib.evalModules</c> against the few flake-parts options
/// they set and hands their <c>clan</c> definitions (a deferred module) to <c>clanLib.clan</c>.
/// Service cases only: a machine's NixOS evaluation needs nixpkgs, which a test given only
/// <c>lib</c> and <c>clanLib</c> does not have.
/// </summary>
public static class NixUnitExport
{
    /// <summary>The wrapper flake that evaluates the test set offline: <c>nix eval .#tests --apply</c> <see cref="ResultsApply"/>.</summary>
    public const string ResultsApply = "ts: builtins.mapAttrs (_: t: t.expr == t.expected) ts";

    public static RenderedTree Render(ClanCase clanCase, RenderedTree reportTree, ReproCommand command, string testName, string comment, JsonNode? expected)
    {
        if (clanCase.Shape != ObservationShape.Services || clanCase.Machines.Any(m => m.InClanMachines) || clanCase.PkgsForSystem.Mode != PkgsForSystemMode.Unset)
            throw new NotSupportedException("only service cases export as nix-unit tests (machines need nixpkgs, which the test set does not take)");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var modules = reportTree.Files.Keys.Where(p => p.StartsWith("modules/", StringComparison.Ordinal) && !p.StartsWith(ReportFlake.SupportDirectory + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        foreach (var (path, content) in reportTree.Files.Where(kv => kv.Key != "flake.nix")) files[path] = content;
        var w = new NixWriter()
            .Line("# " + comment)
            .Line("{ lib, clanLib, ... }:")
            .Open("let")
            .Open("flakeParts = lib.evalModules {")
            .Line("specialArgs.inputs = { clan-core.flakeModules.default = { }; flake-parts.flakeModules.modules = { }; };")
            .Open("modules = [")
            .Open("{")
            .Line("options.clan = lib.mkOption { type = lib.types.deferredModule; default = { }; };")
            .Line("options.systems = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };")
            .Close("}");
        foreach (var module in modules) w.Line("./" + module);
        w.Close("];")
            .Close("};")
            .Line("eval = clanLib.clan { self = { inputs = { }; outPath = ./.; }; directory = ./.; imports = [ flakeParts.config.clan ]; };")
            .Line("outputs = { clan = eval.config; inherit (eval.config) clanInternals; };")
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
