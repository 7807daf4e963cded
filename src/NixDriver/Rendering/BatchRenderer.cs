using Conformance.Model.Cases;
using Conformance.Model.Observations;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// Which fields of which case a batch evaluates: <see cref="Fields"/> under tryEval in
/// <c>results</c>; <see cref="RawOnly"/> only in <c>raw</c> (fields predicted to fail in a way
/// tryEval cannot catch, read one by one).
/// </summary>
public sealed record BatchUnit(ClanCase Case, IReadOnlyList<FieldKey> Fields)
{
    public IReadOnlyList<FieldKey> RawOnly { get; init; } = [];

    /// <summary>Every field the batch can read raw, in the order <c>rawList</c> holds them (the renderer and the reader share it).</summary>
    public IEnumerable<FieldKey> RawOrder => Fields.Concat(RawOnly);
}

/// <summary>
/// Renders many cases into one flake so one <c>nix eval</c> process observes them all (the fixed
/// cost of a process — flake locking, parsing nixpkgs' lib and NixOS' module list — is paid once).
/// <para>
/// Each case keeps its standalone layout under <c>cases/&lt;id&gt;/</c>; the batch's flake.nix calls
/// each case's <c>flake.nix</c> the way Nix's call-flake.nix does (<c>outputs (inputs // { self = … })</c>
/// with <c>self.outPath</c> the case directory), so clan's <c>directory</c>, <c>inventory.json</c> and
/// <c>machines/</c> resolve per case. <c>observe.nix</c> reads every requested field under
/// <c>builtins.tryEval (deepSeq …)</c>, so a throwing field yields <c>{ error = true; }</c> instead of
/// ending the process, and prints a begin marker per case so stderr lines can be attributed.
/// </para>
/// </summary>
public static class BatchRenderer
{
    /// <summary>Attribute path of the tryEval'd results: <c>{ &lt;case&gt; = { &lt;field&gt; = { value = …; } | { error = true; }; }; }</c>.</summary>
    public static readonly string[] ResultsAttribute = [Root, Results];

    // The batch flake's attribute names: written into the Nix text below and read back through the
    // paths above, so each is spelled once.
    private const string Root = "conformance";
    private const string Results = "results";
    private const string Raw = "raw";
    private const string RawList = "rawList";

    /// <summary>Attribute of the batch flake holding what was evaluated (Nix version, input revisions and hashes).</summary>
    public const string MetaAttribute = "conformanceMeta";

    /// <summary>Attribute path of the raw fields (no tryEval), to read one error's message.</summary>
    public static readonly string[] RawAttribute = [Root, Raw];

    /// <summary>Attribute path of the raw fields as a list per case, in <see cref="BatchUnit.RawOrder"/>.</summary>
    public static readonly string[] RawListAttribute = [Root, RawList];

    public static RenderedTree Render(IReadOnlyList<BatchUnit> units, string? lockFile = null)
    {
        if (units.Select(u => u.Case.Id).Distinct().Count() != units.Count)
            throw new ArgumentException("a batch holds each case once");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["flake.nix"] = Flake(units),
            ["observe.nix"] = Observe(units),
        };
        if (lockFile is not null) files["flake.lock"] = lockFile;
        foreach (var unit in units)
            foreach (var (path, content) in ClanRenderer.Render(unit.Case).Under("cases/" + unit.Case.Id))
                files[path] = content;
        return new RenderedTree(files);
    }

    /// <summary>A function taking the batch's <c>conformance.raw.&lt;case&gt;</c> set to one field (field keys hold characters the CLI cannot quote).</summary>
    public static string SelectField(FieldKey key) => $"r: r.{NixSyntax.String(key.Text)}";

    /// <summary>The expression (in the scope of the batch flake's outputs) for a case's tryEval'd results.</summary>
    public static string ResultsExpression(string caseId) => NixSyntax.AttrPath([.. ResultsAttribute, caseId]);

    /// <summary>
    /// The expression for field number <paramref name="index"/> of a case (its position in
    /// <see cref="BatchUnit.RawOrder"/>), without tryEval.
    /// By index, not by key: field keys hold machine names, and <c>nix repl</c>'s line editor
    /// interprets control characters and backslashes in its input before Nix parses it.
    /// </summary>
    public static string RawExpression(string caseId, int index) => $"builtins.elemAt {NixSyntax.AttrPath([.. RawListAttribute, caseId])} {index}";

    /// <summary>The index <see cref="RawExpression"/> uses for a field of a unit.</summary>
    public static int RawIndex(BatchUnit unit, FieldKey key)
    {
        var index = unit.RawOrder.ToList().IndexOf(key);
        return index >= 0 ? index : throw new ArgumentException($"{key} is not a field of case {unit.Case.Id} in this batch");
    }

    /// <summary>
    /// A flake that evaluates other flakes in its own directory with its inputs, up to the opening of its
    /// outputs' attribute set: <paramref name="caller"/> (in scope there) takes a directory and returns that
    /// flake's outputs. The batch and the reducer's candidate batches both start so.
    /// </summary>
    internal static NixWriter FlakeOfFlakes(string header, string caller) => new NixWriter()
        .Line(header)
        .Open("{")
        .Block(ClanRenderer.FlakeInputs.Trim('\n').Replace("\n  ", "\n").TrimStart())
        .Open("outputs =")
        .Line("inputs:")
        .Open("let")
        .Line("# Like Nix's call-flake.nix: the case's outputs function gets the inputs and a `self`")
        .Line("# whose outPath is the case's directory.")
        .Open($"{caller} =")
        .Line("dir:")
        .Open("let")
        .Line("flake = import (dir + \"/flake.nix\");")
        // outPath a string, as a real flake's is: a path value would make "${self}/x.nix" copy the case's
        // directory to a store path of its own, so a file imported both so and relatively (a clan directory's
        // machine files do: ClanRenderer.InCopiedDirectory) would be two modules (measured: probe options
        // "already declared", overlays applied twice).
        .Line("self = outputs // { inherit inputs outputs; outPath = toString dir; _type = \"flake\"; lastModified = 0; lastModifiedDate = \"19700101000000\"; };")
        .Line("outputs = flake.outputs (inputs // { inherit self; });")
        .Close("in")
        .Line("outputs;")
        .Close("")
        .Close("in")
        .Open("{");

    private static string Flake(IReadOnlyList<BatchUnit> units)
    {
        var w = FlakeOfFlakes("# clan-conformance batch: evaluates several generated clans in one nix process.", "callCase")
            .Line("# What was evaluated: revisions where Nix knows them, content hashes always.")
            .Open($"{MetaAttribute} = {{")
            .Line("nix = builtins.nixVersion;")
            .Line("clan-core = { rev = inputs.clan-core.rev or null; narHash = inputs.clan-core.narHash or null; lastModified = inputs.clan-core.lastModified or null; };")
            .Line("nixpkgs = { rev = inputs.nixpkgs.rev or null; narHash = inputs.nixpkgs.narHash or null; version = inputs.nixpkgs.lib.version; };")
            .Close("};")
            .Open($"{Root} = import ./observe.nix {{")
            .Open("cases = {");
        foreach (var unit in units)
            w.Line($"{NixSyntax.AttrName(unit.Case.Id)} = callCase ./cases/{unit.Case.Id};");
        return w.Close("};").Close("};").Close("};").Close("").Close("}").ToString();
    }

    private static string Observe(IReadOnlyList<BatchUnit> units)
    {
        var w = new NixWriter()
            .Line("# Generated by clan-conformance: the fields observed per case.")
            .Line("{ cases }:")
            .Open("let")
            .Line("try = v: let r = builtins.tryEval (builtins.deepSeq v v); in if r.success then { value = r.value; } else { error = true; };")
            .Line("# Phase markers: attribute names serialise in order (cfg, cfg/…, clan, clan/…, sys, sys/…), so each")
            .Line("# trace is printed right before its scope's fields are evaluated.")
            .Line("phases = id: { " + string.Concat(TraceLabels.Phases.Select(p => $"{p.Label} = builtins.trace {TraceLabels.NixPhase("id", p.Label)} null; ")) + "};")
            .Open("fields = {");
        foreach (var unit in units)
        {
            w.Open($"{NixSyntax.AttrName(unit.Case.Id)} = f: {{");
            foreach (var key in unit.RawOrder)
                w.Line($"{NixSyntax.String(key.Text)} = ({ObservationExpressions.ForKey(key)}) f;");
            w.Close("};");
        }
        w.Close("};").Open("order = {");
        foreach (var unit in units)
            w.Line($"{NixSyntax.AttrName(unit.Case.Id)} = {NixSyntax.StringList(unit.RawOrder.Select(k => k.Text))};");
        w.Close("};").Open("tried = {");
        foreach (var unit in units)
            w.Line($"{NixSyntax.AttrName(unit.Case.Id)} = {NixSyntax.StringList(unit.Fields.Select(k => k.Text))};");
        return w.Close("};")
            .Close("in")
            .Open("{")
            .Line($"{Results} = builtins.mapAttrs (id: f: builtins.trace {TraceLabels.NixBegin("id")} (builtins.mapAttrs (_: try) (builtins.intersectAttrs (builtins.listToAttrs (map (k: {{ name = k; value = null; }}) tried.${{id}})) (fields.${{id}} f)) // phases id)) cases;")
            .Line($"{Raw} = builtins.mapAttrs (id: f: fields.${{id}} f) cases;")
            .Line($"{RawList} = builtins.mapAttrs (id: f: let r = fields.${{id}} f; in map (k: r.${{k}}) order.${{id}}) cases;")
            .Close("}")
            .ToString();
    }
}
