using System.Text.Json.Nodes;
using Conformance.Model.Observations;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// The Nix function that reads each field, rendered from the field's <see cref="Read"/> (its
/// descriptor in src/Model/Observations/Fields says what is read; this is the one place that writes
/// it as Nix). Each function is self-contained (only <c>builtins</c>), so the same text serves the
/// batch harness and a standalone repro command
/// (<c>nix eval .#nixosConfigurations.m --apply '&lt;function&gt;'</c>).
/// </summary>
public static class ObservationExpressions
{
    // The pkgs module argument. `m.pkgs` exists on nixosSystem results but not on every
    // extendModules result; `_module.args.pkgs` exists on all of them, NixOS and nix-darwin alike.
    private const string Pkgs = "(m._module.args.pkgs)";

    // Functions cannot be serialised; a data view keeps their presence visible.
    private const string ToData =
        "let toData = v: if builtins.isFunction v then \"<function>\" else if builtins.isAttrs v then builtins.mapAttrs (_: toData) v else if builtins.isList v then map toData v else v; in";

    /// <summary>A function from a machine evaluation to the field's JSON value.</summary>
    public static string For(MachineField field) => "m: " + Render(field.Read, null);

    /// <summary>A function from a clan flake's outputs to the field's JSON value.</summary>
    public static string For(ClanField field) => "f: " + Render(field.Read, null);

    /// <summary>A function from a clan flake's outputs to one machine's evaluation in a scope.
    /// A missing machine is a catchable <c>throw</c>, so it cannot take down a whole batch.</summary>
    public static string MachineLookup(Scope scope, string machine, string? system) => scope switch
    {
        Scope.Configuration =>
            $"f: (f.nixosConfigurations or {{ }}).{NixSyntax.AttrName(machine)} or (f.darwinConfigurations or {{ }}).{NixSyntax.AttrName(machine)} " +
            $"or (throw {NixSyntax.String(ObservedError.LookupMissPrefix + $"no configuration named {machine}")})",
        Scope.Internals =>
            $"f: f.clanInternals.machines.{NixSyntax.AttrName(system!)}.{NixSyntax.AttrName(machine)} " +
            $"or (throw {NixSyntax.String(ObservedError.LookupMissPrefix + $"no clanInternals.machines.{system}.{machine}")})",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    /// <summary>
    /// A function from a clan flake's outputs to a service field: read from the service evaluations
    /// clan-core exposes (<c>clan._services.allServices.&lt;id&gt;</c>, <c>clan._allMachines</c>), so
    /// no NixOS or nix-darwin machine is evaluated. Lookups that could miss throw (catchably) naming
    /// what is missing, instead of failing with an uncatchable missing attribute.
    /// </summary>
    public static string ForService(FieldKey key)
    {
        var field = key.ServiceField ?? throw new ArgumentException($"unknown service field {key}");
        return "f: " + Render(field.Read, key);
    }

    /// <summary>The function reading <paramref name="key"/> from a clan flake's outputs.</summary>
    public static string ForKey(FieldKey key) => key.Scope switch
    {
        Scope.Clan => For(key.ClanField ?? throw new ArgumentException($"unknown clan field {key}")),
        Scope.Service => ForService(key),
        Scope.Configuration or Scope.Internals =>
            $"f: ({For(key.MachineField ?? throw new ArgumentException($"unknown machine field {key}"))}) (({MachineLookup(key.Scope, key.Machine!, key.System)}) f)",
        _ => throw new ArgumentException($"{key} is read from stderr, not evaluated"),
    };

    /// <summary>
    /// The Nix expression of <paramref name="read"/> (machine reads in terms of <c>m</c>, flake reads of
    /// <c>f</c>); names taken from the field's key fill in <paramref name="key"/>'s components.
    /// </summary>
    internal static string Render(Read read, FieldKey? key) => read switch
    {
        Root { Kind: ReadRoot.Config } => "m.config",
        Root { Kind: ReadRoot.Pkgs } => Pkgs,
        Root { Kind: ReadRoot.Evaluation } => "m",
        Root { Kind: ReadRoot.Flake } => "f",
        Element => "v",
        Select s => Selectable(s.Base, key) + "." + string.Join('.', s.Path.Select(n => NixSyntax.AttrName(NameFor(n, key)))),
        Fallback f => $"{Render(f.Inner, key)} or {Literal(f.Value)}",
        CheckedLookup c =>
            $"({Selectable(c.Base, key)}.{NixSyntax.AttrName(NameFor(c.Name, key))} or (throw {NixSyntax.String(ObservedError.LookupMissPrefix + Fill(c.Missing, key))}))",
        AttrNames a => $"builtins.attrNames {Argument(a.Inner, key)}",
        Data d => $"{ToData} toData {Argument(d.Inner, key)}",
        HasAttr h => $"{Selectable(h.Inner, key)} ? {NixSyntax.AttrName(h.Name)}",
        PickOf p => $"{{ inherit ({Render(p.Inner, key)}) {string.Join(' ', p.Attributes.Select(NixSyntax.AttrName))}; }}",
        MapAttrs m => $"builtins.mapAttrs (_: v: {Render(m.Each, key)}) {Argument(m.Inner, key)}",
        NamePrefix n =>
            // A pattern, not a length: a report that renames the prefix (the report profile's neutral names) keeps the meaning.
            $"let a = {Render(n.Inner, key)}; in builtins.removeAttrs a (builtins.filter (n: builtins.match {NixSyntax.String(System.Text.RegularExpressions.Regex.Escape(n.Prefix) + ".*")} n == null) (builtins.attrNames a))",
        Failing f => $"let a = {Render(f.Inner, key)}; in builtins.filter (n: !a.${{n}}.assertion) (builtins.attrNames a)",
        RecordOf r => "{ " + string.Concat(r.Fields.Select(x => $"{NixSyntax.AttrName(x.Name)} = {Render(x.Value, key)}; ")) + "}",
        SpecialOf s => Special(s, key),
        _ => throw new ArgumentOutOfRangeException(nameof(read), read, "a read the renderer does not know"),
    };

    private static string Special(SpecialOf special, FieldKey? key) => special.Kind switch
    {
        // Only the assertions nixpkgs' own nixpkgs.nix module declares (NixOS: misc/nixpkgs.nix,
        // nix-darwin: nix/nixpkgs.nix): evaluating every assertion of a machine is slow and fails
        // on unrelated ones (no root file system in a test clan).
        SpecialRead.NixpkgsModuleAssertions =>
            "map (a: builtins.head (builtins.split \"\\n\" a.message)) (builtins.filter (a: !a.assertion) " +
            "(builtins.concatMap (d: d.value) (builtins.filter (d: builtins.match \".*/nixpkgs[.]nix\" (toString d.file) != null) " +
            "m.options.assertions.definitionsWithLocations)))",
        // The machine's import list from services (module.nix: machineImports for NixOS,
        // darwinImports for nix-darwin), evaluated on their own with lib.evalModules; the
        // NixOS options they set besides the harness's (warnings, assertions) are declared here.
        SpecialRead.ServiceImports when special.Arguments is [var machine] =>
            "let c = f.clan; lib = c.self.inputs.nixpkgs.lib; " +
            $"m = c._allMachines.{NixSyntax.AttrName(NameFor(machine, key))} or (throw {NixSyntax.String(ObservedError.LookupMissPrefix + "the machine is not in _allMachines")}); " +
            $"darwin = c.inventory.machines.{NixSyntax.AttrName(NameFor(machine, key))}.machineClass == \"darwin\"; " +
            "cfg = (lib.evalModules { modules = [ { options.warnings = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; }; " +
            "options.assertions = lib.mkOption { type = lib.types.listOf lib.types.raw; default = [ ]; }; } ] " +
            "++ (if darwin then m.darwinImports else m.machineImports); }).config; " +
            "in { order = cfg.conformance.serviceOrder or [ ]; inherit (cfg) warnings; }",
        // Only the definitions of clan-core's nixos-facter.nix (NixOS; nix-darwin has none): every
        // warning of a machine would read options unrelated to the case.
        // nix-darwin has no hardware.facter (and its warnings' conditions read pkgs): nothing to read there.
        _ => throw new ArgumentOutOfRangeException(nameof(special), special, "a special read the renderer does not know, or wrong arguments"),
    };

    // A read that can be followed by `.attr` (selections bind tighter than anything else).
    private static string Selectable(Read read, FieldKey? key) => read switch
    {
        Root or Element or Select or CheckedLookup => Render(read, key),
        _ => $"({Render(read, key)})",
    };

    // A read as a function argument: atoms and selections bare, everything else parenthesised.
    private static string Argument(Read read, FieldKey? key) => read switch
    {
        Root or Element or Select => Render(read, key),
        _ => $"({Render(read, key)})",
    };

    private static string NameFor(Segment name, FieldKey? key) =>
        name.Literal ?? (key is null ? throw new ArgumentException($"a read naming the key's {name.Part} needs a key") : name.For(key));

    // "{Service}", "{Instance}", "{Role}", "{Machine}" in a lookup's message name the key's components,
    // quoted: a cause key abstracts a case's names where Nix's messages put them, in quotes or option
    // paths, and a bare "instance i2" kept the case's own name in the key (measured on a fault run:
    // `the machine is not in instance i2` would be one cause per instance name).
    private static string Fill(string message, FieldKey? key) => key is null ? message : message
        .Replace("{Service}", Quoted(key.Service)).Replace("{Instance}", Quoted(key.Instance)).Replace("{Role}", Quoted(key.Role)).Replace("{Machine}", Quoted(key.Machine));

    private static string? Quoted(string? name) => name is null ? null : $"'{name}'";

    private static string Literal(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray { Count: 0 } => "[ ]",
        JsonObject { Count: 0 } => "{ }",
        JsonValue v when v.TryGetValue<string>(out var s) => NixSyntax.String(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"a fallback the renderer does not write: {value.ToJsonString()}"),
    };
}
