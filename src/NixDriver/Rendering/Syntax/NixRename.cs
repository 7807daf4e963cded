namespace Conformance.NixDriver.Rendering.Syntax;

/// <summary>
/// Renames every name of a tree — variables, attribute names, formals, inherited names — and every
/// literal string text through one function, so a consistent renaming (the same function on every
/// file and on the command) leaves behaviour unchanged.
/// </summary>
public static class NixRename
{
    public static NixExpr Apply(NixExpr root, Func<string, string> rename) => NixTree.Rewrite(root, e => e switch
    {
        NixVar v => new NixVar(rename(v.Name)),
        NixString s => s with { Parts = s.Parts.Select(p => p is NixText t ? new NixText(rename(t.Value)) : p).ToList() },
        NixAttrSet set => set with { Bindings = set.Bindings.Select(b => Binding(b, rename)).ToList() },
        NixLet let => let with { Bindings = let.Bindings.Select(b => Binding(b, rename)).ToList() },
        NixLambda l => l with
        {
            Arg = l.Arg is null ? null : rename(l.Arg),
            Formals = l.Formals is null ? null : l.Formals with
            {
                Items = l.Formals.Items.Select(f => f with { Name = rename(f.Name) }).ToList(),
                Bind = l.Formals.Bind is null ? null : rename(l.Formals.Bind),
            },
        },
        NixSelect s => s with { Path = Keys(s.Path, rename) },
        NixHasAttr h => h with { Path = Keys(h.Path, rename) },
        _ => e,
    });

    private static NixBinding Binding(NixBinding b, Func<string, string> rename) => b switch
    {
        NixAttr a => a with { Path = Keys(a.Path, rename) },
        NixInherit i => i with { Names = Keys(i.Names, rename) },
        _ => b,
    };

    // Interpolated parts of quoted keys and dynamic keys are expressions, renamed by the walk itself.
    private static List<NixKey> Keys(IEnumerable<NixKey> keys, Func<string, string> rename) => keys.Select(k => k switch
    {
        NixNameKey n => new NixNameKey(rename(n.Name)),
        NixStringKey s => new NixStringKey(s.Value with { Parts = s.Value.Parts.Select(p => p is NixText t ? new NixText(rename(t.Value)) : p).ToList() }),
        _ => k,
    }).ToList();
}
