using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.NixDriver.Rendering.Reduction;
using Conformance.NixDriver.Rendering.Syntax;

namespace Conformance.NixDriver.Rendering;

/// <summary>A case rendered for a report: the program (its files and the command's function) and the attribute the command reads.</summary>
/// <param name="FlakeParts">Whether the clan is a flake-parts one (else plain <c>clan-core.lib.clan</c>).</param>
public sealed record ReportRepro(ReproProgram Program, IReadOnlyList<string> AttributePath, bool FlakeParts)
{
    /// <summary>The command as a reader runs it in the repro's directory.</summary>
    public ReproCommand Command => ReportProfile.CommandOf(Program, AttributePath);

    /// <summary>The files a reader saves (the command is not one of them).</summary>
    public RenderedTree Files => ReportProfile.FilesOf(Program);
}

/// <summary>
/// The report profile: a case rendered the way a maintainer reads it, before the reducer cuts it
/// down. Two shapes. <see cref="Plain"/> is clan-core's own: one <c>flake.nix</c> calling
/// <c>clan-core.lib.clan { inherit self; … }</c> with the clan's definitions inline (as clan's
/// templates and tests do), plus the files the clan finds itself (<c>inventory.json</c>,
/// <c>machines/NAME/</c>) and the modules it imports by path. <see cref="FlakeParts"/> is the case as
/// the harness renders it (flake-parts and import-tree), for findings where flake-parts is part of
/// the behaviour. Both carry no harness names: every name and string with <c>conformance</c> in it says
/// <c>probe</c> instead, the trace labels and throw messages lose the harness's prefix. The command's
/// function is part of the program (<see cref="CommandFile"/>) so the reducer simplifies it too; the
/// attribute it reads is fixed.
/// </summary>
public static class ReportProfile
{
    /// <summary>The program's pseudo-file holding the command's function (not a file a reader saves).</summary>
    public const string CommandFile = "(command)";

    /// <summary>The flake-parts shape: the harness's rendering, neutral.</summary>
    public static ReportRepro FlakeParts(ClanCase clanCase, FieldKey key, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        var tree = ReportFlake.Render(ClanRenderer.Render(clanCase), clanCore, lockPins);
        // A value field's command does not depend on which other fields the harness read together.
        var command = ReproCommand.For(clanCase, key, tried: []);
        if (command.Output != ReproOutput.Value) throw new ArgumentException($"{key} is not shown by one value command");
        var files = new SortedDictionary<string, string>(tree.Files.ToDictionary(), StringComparer.Ordinal) { [CommandFile] = ReportFlake.Neutral(command.Apply) };
        return new ReportRepro(Neutral(ReproProgram.Parse(new RenderedTree(files))), command.AttributePath, FlakeParts: true);
    }

    /// <summary>
    /// The plain shape, or null when the case uses what only flake-parts gives (dendritic modules,
    /// <c>perSystem</c>, the flake's <c>config</c>). Whether the plain clan still shows what the
    /// flake-parts one does (a behaviour that depends on flake-parts' <c>systems</c> does not) is for
    /// Nix to say: the caller evaluates both.
    /// </summary>
    public static ReportRepro? Plain(ClanCase clanCase, FieldKey key, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        var flakeParts = FlakeParts(clanCase, key, clanCore, lockPins);
        var program = flakeParts.Program;
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        var lifted = new List<(string File, NixExpr Expr)>();
        var usesLib = false;
        var usesInputs = false;
        foreach (var (path, root) in program.Nix)
        {
            if (path == CommandFile || path == "flake.nix") continue;
            if (path.StartsWith("modules/clan/", StringComparison.Ordinal)) { lifted.Add((path, root)); continue; }
            if (path.StartsWith("modules/dendritic/", StringComparison.Ordinal)) return null;
            // Support and module files keep their content; they move out of import-tree's directory.
            moved[path] = path.StartsWith(ReportFlake.SupportDirectory + "/", StringComparison.Ordinal) ? Path.GetFileName(path)
                : path.StartsWith("modules/_nixos/", StringComparison.Ordinal) ? "modules/" + Path.GetFileName(path)
                : path;
        }
        var letBindings = new List<NixBinding>();
        var clan = new AttrTree();
        foreach (var (file, root) in lifted)
        {
            var body = root;
            if (body is NixLambda { Formals: { } arguments } lambda)
            {
                body = lambda.Body;
                // The flake-parts arguments a file may use: lib and inputs (the flake's), self.
                if (arguments.Items.Any(f => f.Name is not ("lib" or "inputs" or "self" or "config")) || Uses(body, "config")) return null;
                usesLib |= Uses(body, "lib");
                usesInputs |= Uses(body, "inputs");
            }
            else if (body is NixLambda) return null;
            body = Relocate(body, file, "flake.nix", moved);
            if (body is NixLet let)
            {
                foreach (var b in let.Bindings)
                {
                    if (b is not NixAttr { Path: [NixNameKey name] } attr) return null;
                    var same = letBindings.OfType<NixAttr>().FirstOrDefault(x => x.Path is [NixNameKey n] && n.Name == name.Name);
                    if (same is null) letBindings.Add(attr);
                    else if (NixPrinter.Print(same.Value) != NixPrinter.Print(attr.Value)) return null;
                }
                body = let.Body;
            }
            if (body is not NixAttrSet { Recursive: false } set) return null;
            foreach (var binding in set.Bindings)
            {
                if (binding is not NixAttr attr) return null;
                var first = attr.Path[0] is NixNameKey k ? k.Name : null;
                switch (first)
                {
                    // clan-core's flake-parts module and the flake's systems: what flake-parts adds.
                    case "imports" or "systems": continue;
                    case "clan":
                        if (attr.Path.Count == 1)
                        {
                            if (attr.Value is not NixAttrSet { Recursive: false } inner) return null;
                            foreach (var b in inner.Bindings) if (b is not NixAttr a || !clan.Add(a.Path, a.Value)) return null;
                        }
                        else if (!clan.Add(attr.Path.Skip(1).ToList(), attr.Value)) return null;
                        continue;
                    default: return null;
                }
            }
        }
        var clanArgs = clan.ToBindings();
        if (!clanArgs.Any(b => b is NixAttr { Path: [NixNameKey { Name: "self" }] })) clanArgs.Insert(0, new NixInherit(null, [new NixNameKey("self")]));
        var bindings = new List<NixBinding>();
        if (usesLib) bindings.Add(new NixInherit(new NixVar("nixpkgs"), [new NixNameKey("lib")]));
        bindings.AddRange(letBindings);
        bindings.Add(new NixAttr([new NixNameKey("clan")], new NixApply(Select(new NixVar("clan-core"), "lib", "clan"), new NixAttrSet(clanArgs))));
        var outputs = new NixAttrSet(
        [
            new NixInherit(Select(new NixVar("clan"), "config"),
                [new NixNameKey("nixosConfigurations"), new NixNameKey("darwinConfigurations"), new NixNameKey("clanInternals")]),
            new NixAttr([new NixNameKey("clan")], Select(new NixVar("clan"), "config")),
        ]);
        var formals = new NixFormals([new NixFormal("self", null), new NixFormal("clan-core", null), new NixFormal("nixpkgs", null)], Ellipsis: true,
            Bind: usesInputs ? "inputs" : null, BindFirst: true);
        var flake = new NixAttrSet(
        [
            new NixAttr([new NixNameKey("inputs")], Inputs(clanCore, lockPins)),
            new NixAttr([new NixNameKey("outputs")], new NixLambda(null, formals, new NixLet(bindings, outputs))),
        ]);
        var nix = new SortedDictionary<string, NixExpr>(StringComparer.Ordinal) { ["flake.nix"] = flake, [CommandFile] = program.Nix[CommandFile] };
        foreach (var (from, to) in moved) nix[to] = Relocate(program.Nix[from], from, to, moved);
        return new ReportRepro(new ReproProgram(nix, program.Text), flakeParts.AttributePath, FlakeParts: false);
    }

    /// <summary>A report's flake inputs without flake-parts: clan-core at the report's revision and nixpkgs as the fixture's lock pins it, shared.</summary>
    private static NixAttrSet Inputs(InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        var nixpkgs = lockPins.TryGetValue("nixpkgs", out var p) ? p : throw new FormatException("the fixture lock pins no nixpkgs; regenerate fixtures/test-clan/flake.lock");
        return new NixAttrSet(
        [
            new NixAttr([new NixNameKey("clan-core"), new NixNameKey("url")], NixString.Of(clanCore.Reference)),
            new NixAttr([new NixNameKey("nixpkgs"), new NixNameKey("url")], NixString.Of(nixpkgs.Reference)),
            new NixAttr([new NixNameKey("clan-core"), new NixNameKey("inputs"), new NixNameKey("nixpkgs"), new NixNameKey("follows")], NixString.Of("nixpkgs")),
        ]);
    }

    /// <summary>The files of a program a reader saves.</summary>
    public static RenderedTree FilesOf(ReproProgram program) =>
        new(program.Print().Files.Where(kv => kv.Key != CommandFile).ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>A report's command with its function as a reader types it.</summary>
    public static ReproCommand CommandOf(ReproProgram program, IReadOnlyList<string> attributePath) =>
        new(attributePath, NixPrinter.Inline(program.Nix[CommandFile]), ReproOutput.Value);

    /// <summary>Every <c>conformance</c> in a name or string becomes <c>probe</c> (consistently, so behaviour is unchanged).</summary>
    private static ReproProgram Neutral(ReproProgram program) =>
        program with { Nix = program.Nix.ToDictionary(kv => kv.Key, kv => NixRename.Apply(kv.Value, Rename)) };

    private static string Rename(string name) =>
        name.Replace("clan-conformance", "probe", StringComparison.Ordinal).Replace("Conformance", "Probe", StringComparison.Ordinal)
            .Replace("conformance", "probe", StringComparison.Ordinal);

    private static NixSelect Select(NixExpr target, params string[] path) => new(target, path.Select(p => (NixKey)new NixNameKey(p)).ToList());

    /// <summary>Whether a free variable <paramref name="name"/> occurs (approximately: any variable of that name).</summary>
    private static bool Uses(NixExpr e, string name) => NixTree.Nodes(e).Any(n => n.Node is NixVar v && v.Name == name);

    /// <summary>Path literals of <paramref name="e"/>, written in file <paramref name="from"/>, rewritten for file <paramref name="to"/> with files moved as <paramref name="moved"/> says.</summary>
    private static NixExpr Relocate(NixExpr e, string from, string to, IReadOnlyDictionary<string, string> moved) => NixTree.Rewrite(e, n =>
    {
        if (n is not NixPath { Text: var text } || !(text.StartsWith("./", StringComparison.Ordinal) || text.StartsWith("../", StringComparison.Ordinal))) return n;
        var target = RelativePath.Normalise(Path.Combine(Path.GetDirectoryName(from) ?? "", text).Replace('\\', '/'));
        if (target is null) return n;
        if (moved.TryGetValue(target, out var now)) target = now;
        var relative = Path.GetRelativePath(Path.GetDirectoryName(to) is { Length: > 0 } d ? d : ".", target).Replace('\\', '/');
        return new NixPath(relative.StartsWith("../", StringComparison.Ordinal) ? relative : "./" + relative);
    });


    /// <summary>Definitions by attribute path, merged into one nested set (a path defined twice, unless both are sets, cannot be).</summary>
    private sealed class AttrTree
    {
        private readonly List<(NixKey Key, object Node)> _entries = [];

        public bool Add(IReadOnlyList<NixKey> path, NixExpr value)
        {
            if (path.Count == 0) return false;
            if (path[0] is not NixNameKey && path[0] is not NixStringKey) return false;
            var name = KeyText(path[0]);
            var index = _entries.FindIndex(e => KeyText(e.Key) == name);
            if (path.Count == 1)
            {
                if (value is NixAttrSet { Recursive: false } set && set.Bindings.All(b => b is NixAttr))
                {
                    var tree = index >= 0 ? _entries[index].Node as AttrTree : new AttrTree();
                    if (tree is null) return false;
                    if (index < 0) _entries.Add((path[0], tree));
                    return set.Bindings.Cast<NixAttr>().All(b => tree.Add(b.Path, b.Value));
                }
                if (index >= 0) return false;
                _entries.Add((path[0], value));
                return true;
            }
            AttrTree child;
            if (index < 0) { child = new AttrTree(); _entries.Add((path[0], child)); }
            else if (_entries[index].Node is AttrTree t) child = t;
            else return false;
            return child.Add(path.Skip(1).ToList(), value);
        }

        public List<NixBinding> ToBindings() => _entries.Select(e => (NixBinding)new NixAttr([e.Key],
            e.Node is AttrTree t ? new NixAttrSet(t.ToBindings()) : (NixExpr)e.Node)).ToList();

        private static string KeyText(NixKey k) => k switch { NixNameKey n => n.Name, NixStringKey s => s.Value.Literal ?? NixPrinter.Print(s.Value), _ => "" };
    }
}
