using Conformance.NixDriver.Rendering.Syntax;

namespace Conformance.NixDriver.Rendering.Reduction;

/// <summary>What an edit does at its node.</summary>
public enum EditKind
{
    /// <summary>Removes the file.</summary>
    RemoveFile,

    /// <summary>Removes member <see cref="ReproEdit.Index"/> of the node: a binding of a set or a <c>let</c>, an element of a list, a formal of a function.</summary>
    RemoveMember,

    /// <summary>Removes name <see cref="ReproEdit.Name"/> of the <c>inherit</c> that is binding <see cref="ReproEdit.Index"/>.</summary>
    RemoveInheritedName,

    /// <summary>A wrapper applied to a value (<c>lib.mkForce v</c>, <c>lib.mkOverride 10 v</c>, <c>builtins.trace m v</c>) becomes the value.</summary>
    Unwrap,

    /// <summary><c>e.a or d</c> becomes <c>e.a</c>.</summary>
    DropDefault,

    /// <summary><c>let … in body</c>, <c>with s; body</c> or <c>{ ... }: body</c> becomes <c>body</c>.</summary>
    KeepBody,

    /// <summary><c>if c then a else b</c> becomes <c>a</c> (<see cref="ReproEdit.Index"/> 0) or <c>b</c> (1).</summary>
    KeepBranch,

    /// <summary>A function's <c>args@{ … }</c> loses its <c>args@</c>.</summary>
    DropBind,

    /// <summary>A module's <c>config = { … };</c> (binding <see cref="ReproEdit.Index"/>, no <c>options</c> beside it) becomes its definitions: the module's short form.</summary>
    SpliceConfig,
}

/// <summary>One removal or simplification the reducer can try: in a file, at a node (pre-order number, <see cref="NixTree.Nodes"/>).</summary>
public sealed record ReproEdit(string File, EditKind Kind, int Node = 0, int Index = 0, int Name = 0);

/// <summary>
/// The edits of a <see cref="ReproProgram"/> and how to apply them, cut along the grammar (Perses'
/// idea): every candidate parses, so no evaluation is spent on syntax errors. What is never edited:
/// <c>flake.nix</c>'s <c>inputs</c> (pinned, not part of what a reader reads) and its <c>outputs</c>
/// binding. Files reached only through a path (<c>./modules/x.nix</c>) go when nothing refers to them
/// any more; files the clan finds by itself (<c>inventory.json</c>, <c>machines/NAME/…</c>, an
/// import-tree directory's modules) are edits of their own.
/// </summary>
public static class ReproEdits
{
    /// <summary>The pseudo-file of a program holding its command's function (<see cref="ReportProfile.CommandFile"/>).</summary>
    private const string CommandFile = ReportProfile.CommandFile;

    public static IReadOnlyList<ReproEdit> Enumerate(ReproProgram program)
    {
        var edits = new List<ReproEdit>();
        var referenced = Referenced(program);
        foreach (var path in program.Nix.Keys.Concat(program.Text.Keys).Order(StringComparer.Ordinal))
            if (path is not ("flake.nix" or CommandFile) && !referenced.Contains(path)) edits.Add(new ReproEdit(path, EditKind.RemoveFile));
        foreach (var (path, root) in program.Nix)
        {
            var frozen = path == "flake.nix" ? Frozen(root) : (Min: -1, Max: -1);
            foreach (var (id, node) in NixTree.Nodes(root))
            {
                if (id >= frozen.Min && id <= frozen.Max) continue;
                switch (node)
                {
                    case NixAttrSet set:
                        for (var i = 0; i < set.Bindings.Count; i++)
                        {
                            if (id == 0 && path == "flake.nix" && set.Bindings[i] is NixAttr { Path: [NixNameKey { Name: "inputs" or "outputs" }, ..] }) continue;
                            edits.Add(new ReproEdit(path, EditKind.RemoveMember, id, i));
                            if (set.Bindings[i] is NixInherit { Names.Count: > 1 } inherit)
                                for (var n = 0; n < inherit.Names.Count; n++) edits.Add(new ReproEdit(path, EditKind.RemoveInheritedName, id, i, n));
                            if (CanSplice(set, i)) edits.Add(new ReproEdit(path, EditKind.SpliceConfig, id, i));
                        }
                        break;
                    case NixLet let:
                        edits.Add(new ReproEdit(path, EditKind.KeepBody, id));
                        for (var i = 0; i < let.Bindings.Count; i++)
                        {
                            edits.Add(new ReproEdit(path, EditKind.RemoveMember, id, i));
                            if (let.Bindings[i] is NixInherit { Names.Count: > 1 } inherit)
                                for (var n = 0; n < inherit.Names.Count; n++) edits.Add(new ReproEdit(path, EditKind.RemoveInheritedName, id, i, n));
                        }
                        break;
                    case NixList list:
                        for (var i = 0; i < list.Items.Count; i++) edits.Add(new ReproEdit(path, EditKind.RemoveMember, id, i));
                        break;
                    case NixLambda { Formals: { } formals }:
                        for (var i = 0; i < formals.Items.Count; i++) edits.Add(new ReproEdit(path, EditKind.RemoveMember, id, i));
                        if (formals.Bind is not null) edits.Add(new ReproEdit(path, EditKind.DropBind, id));
                        // `{ ... }: m` takes nothing it uses: as a module, it is `m`.
                        if (formals is { Items.Count: 0, Bind: null }) edits.Add(new ReproEdit(path, EditKind.KeepBody, id));
                        break;
                    case NixApply apply when IsWrapper(apply):
                        edits.Add(new ReproEdit(path, EditKind.Unwrap, id));
                        break;
                    // Not in the command: a branch of its function could print the expected value whatever the clan does.
                    case NixIf when path != CommandFile:
                        edits.Add(new ReproEdit(path, EditKind.KeepBranch, id, 0));
                        edits.Add(new ReproEdit(path, EditKind.KeepBranch, id, 1));
                        break;
                    case NixSelect { Default: not null }:
                        edits.Add(new ReproEdit(path, EditKind.DropDefault, id));
                        break;
                    case NixWith:
                        edits.Add(new ReproEdit(path, EditKind.KeepBody, id));
                        break;

                }
            }
        }
        return edits;
    }

    /// <summary>
    /// The program with every edit of <paramref name="edits"/> applied (from the last node to the
    /// first, so each edit's node number still names its node), then tidied: an empty <c>let</c> is
    /// its body, an <c>inherit</c> of nothing goes, and a file nothing refers to any more goes.
    /// </summary>
    public static ReproProgram Apply(ReproProgram program, IEnumerable<ReproEdit> edits)
    {
        var nix = new SortedDictionary<string, NixExpr>(program.Nix.ToDictionary(), StringComparer.Ordinal);
        var text = new SortedDictionary<string, string>(program.Text.ToDictionary(), StringComparer.Ordinal);
        var before = Referenced(program);
        foreach (var edit in edits.OrderByDescending(e => e.Node).ThenByDescending(e => e.Index).ThenByDescending(e => e.Name))
        {
            if (edit.Kind == EditKind.RemoveFile) { nix.Remove(edit.File); text.Remove(edit.File); continue; }
            if (!nix.TryGetValue(edit.File, out var root)) continue;
            nix[edit.File] = NixTree.Transform(root, edit.Node, node => Change(node, edit));
        }
        foreach (var path in nix.Keys.ToList()) nix[path] = Tidy(nix[path]);
        var result = new ReproProgram(nix, text);
        // Files that were reached through a path only: unreferenced now, they are dead.
        while (true)
        {
            var now = Referenced(result);
            var dead = before.Where(p => !now.Contains(p) && (result.Nix.ContainsKey(p) || result.Text.ContainsKey(p))).ToList();
            if (dead.Count == 0) return result;
            foreach (var p in dead) { nix.Remove(p); text.Remove(p); }
            result = new ReproProgram(nix, text);
        }
    }

    private static NixExpr Change(NixExpr node, ReproEdit edit) => (node, edit.Kind) switch
    {
        (NixAttrSet set, EditKind.RemoveMember) => set with { Bindings = Without(set.Bindings, edit.Index) },
        (NixAttrSet set, EditKind.RemoveInheritedName) => set with { Bindings = WithoutName(set.Bindings, edit.Index, edit.Name) },
        (NixLet let, EditKind.RemoveMember) => let with { Bindings = Without(let.Bindings, edit.Index) },
        (NixLet let, EditKind.RemoveInheritedName) => let with { Bindings = WithoutName(let.Bindings, edit.Index, edit.Name) },
        (NixLet let, EditKind.KeepBody) => let.Body,
        (NixWith with, EditKind.KeepBody) => with.Body,
        (NixLambda { Formals: { Items.Count: 0, Bind: null } } lambda, EditKind.KeepBody) => lambda.Body,
        (NixList list, EditKind.RemoveMember) => new NixList(Without(list.Items, edit.Index)),
        (NixLambda { Formals: { } f } lambda, EditKind.RemoveMember) => lambda with { Formals = f with { Items = Without(f.Items, edit.Index) } },
        (NixApply apply, EditKind.Unwrap) when IsWrapper(apply) => apply.Argument,
        (NixLambda { Formals: { } f } lambda, EditKind.DropBind) => lambda with { Formals = f with { Bind = null } },
        (NixIf branch, EditKind.KeepBranch) => edit.Index == 0 ? branch.Then : branch.Else,
        (NixAttrSet set, EditKind.SpliceConfig) when CanSplice(set, edit.Index) =>
            set with { Bindings = set.Bindings.Take(edit.Index).Concat(((NixAttrSet)((NixAttr)set.Bindings[edit.Index]).Value).Bindings).Concat(set.Bindings.Skip(edit.Index + 1)).ToList() },
        (NixSelect select, EditKind.DropDefault) => select with { Default = null },
        _ => node,
    };

    private static List<T> Without<T>(IReadOnlyList<T> items, int index) =>
        index < items.Count ? items.Where((_, i) => i != index).ToList() : items.ToList();

    private static List<NixBinding> WithoutName(IReadOnlyList<NixBinding> bindings, int index, int name) =>
        bindings.Select((b, i) => i == index && b is NixInherit inherit && name < inherit.Names.Count
            ? inherit with { Names = Without(inherit.Names, name) }
            : b).ToList();

    private static NixExpr Tidy(NixExpr root) => NixTree.Rewrite(root, e => e switch
    {
        // (x.a).b is x.a.b once `or` is gone from the inner selection.
        NixSelect { Target: NixSelect { Default: null } inner } outer => outer with { Target = inner.Target, Path = [.. inner.Path, .. outer.Path] },
        NixLet { Bindings.Count: 0 } let => let.Body,
        NixAttrSet set when set.Bindings.Any(b => b is NixInherit { Names.Count: 0 }) => set with { Bindings = set.Bindings.Where(b => b is not NixInherit { Names.Count: 0 }).ToList() },
        NixLet let when let.Bindings.Any(b => b is NixInherit { Names.Count: 0 }) => let with { Bindings = let.Bindings.Where(b => b is not NixInherit { Names.Count: 0 }).ToList() },
        _ => e,
    });

    /// <summary>
    /// Functions that return their last argument, wrapped or as it is: lib.modules' priority, order
    /// and condition wrappers, tracing and forcing, and the harness's data view of a value. Only
    /// these are unwrapped: replacing any application by its argument would leave nonsense wherever
    /// Nix never evaluates it (a pkgsForSystem the configurations ignore).
    /// </summary>
    private static readonly Dictionary<string, int> Wrappers = new(StringComparer.Ordinal)
    {
        ["mkForce"] = 1, ["mkDefault"] = 1, ["mkOptionDefault"] = 1, ["mkBefore"] = 1, ["mkAfter"] = 1, ["mkOverride"] = 2, ["mkOrder"] = 2, ["mkIf"] = 2,
        ["trace"] = 2, ["seq"] = 2, ["deepSeq"] = 2, ["warn"] = 2, ["toData"] = 1,
    };

    /// <summary>Whether an application is a wrapper applied to all its arguments (<see cref="Wrappers"/>).</summary>
    private static bool IsWrapper(NixApply apply)
    {
        NixExpr f = apply;
        var args = 0;
        while (f is NixApply a) { f = a.Function; args++; }
        var name = f switch { NixVar v => v.Name, NixSelect { Default: null, Path: [.., NixNameKey last] } => last.Name, _ => null };
        return name is not null && Wrappers.TryGetValue(name, out var arity) && arity == args;
    }

    /// <summary>Whether binding <paramref name="index"/> is <c>config = { … }</c> in a set without <c>options</c>, whose definitions can stand in the set itself.</summary>
    private static bool CanSplice(NixAttrSet set, int index) =>
        index < set.Bindings.Count
        && set.Bindings[index] is NixAttr { Path: [NixNameKey { Name: "config" }], Value: NixAttrSet { Recursive: false } inner }
        && inner.Bindings.All(b => b is NixAttr)
        && !set.Bindings.Any(b => b is NixAttr { Path: [NixNameKey { Name: "options" }, ..] });

    /// <summary>The node numbers of flake.nix's <c>inputs</c> value (first and last), never edited.</summary>
    private static (int Min, int Max) Frozen(NixExpr root)
    {
        if (root is not NixAttrSet set) return (-1, -1);
        var nodes = NixTree.Nodes(root).ToList();
        var inputs = set.Bindings.OfType<NixAttr>().Where(b => b.Path is [NixNameKey { Name: "inputs" }, ..]).Select(b => b.Value).ToList();
        if (inputs.Count == 0) return (-1, -1);
        var ids = nodes.Where(n => inputs.Any(i => ReferenceEquals(i, n.Node))).Select(n => n.Id).ToList();
        var min = ids.Min();
        var max = ids.Max(id => id + NixTree.Nodes(nodes[id].Node).Count() - 1);
        return (min, max);
    }

    /// <summary>The files some path literal of another file names exactly.</summary>
    public static IReadOnlySet<string> Referenced(ReproProgram program)
    {
        var all = program.Nix.Keys.Concat(program.Text.Keys).ToList();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, root) in program.Nix)
        {
            var dir = Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "";
            foreach (var (_, node) in NixTree.Nodes(root))
            {
                if (node is not NixPath { Text: var literal } || !(literal.StartsWith("./", StringComparison.Ordinal) || literal.StartsWith("../", StringComparison.Ordinal))) continue;
                var target = RelativePath.Normalise(dir.Length == 0 ? literal : dir + "/" + literal);
                if (target is null) continue;
                // Only a file named exactly: a directory (import-tree's ./modules, a clan's ./.) loads
                // whatever is in it, so each of its files is an edit of its own.
                if (FileExists(all, target, path)) referenced.Add(target);
            }
        }
        return referenced;
    }

    private static bool FileExists(IReadOnlyList<string> all, string target, string from) => target != from && all.Contains(target);

}
