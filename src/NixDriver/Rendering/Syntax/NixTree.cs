namespace Conformance.NixDriver.Rendering.Syntax;

/// <summary>
/// Generic traversal of <see cref="NixExpr"/> trees: a node's child expressions and how to rebuild
/// it from new ones (<see cref="Split"/>), nodes numbered in pre-order (<see cref="Nodes"/>), and
/// replacing the node with a given number (<see cref="Transform"/>). Names (attribute keys, formals,
/// inherited names) are not children; only expressions are.
/// </summary>
public static class NixTree
{
    /// <summary>The child expressions of <paramref name="e"/> in source order, and a function rebuilding it from a list of the same length.</summary>
    public static (IReadOnlyList<NixExpr> Children, Func<IReadOnlyList<NixExpr>, NixExpr> Rebuild) Split(NixExpr e)
    {
        switch (e)
        {
            case NixString s:
            {
                var kids = s.Parts.OfType<NixInterpolation>().Select(p => p.Expr).ToList();
                return (kids, k => s with { Parts = RebuildParts(s.Parts, k, 0).Parts });
            }
            case NixAttrSet set:
                return BindingsSplit(set.Bindings, null, (bs, _) => set with { Bindings = bs });
            case NixLet let:
                return BindingsSplit(let.Bindings, let.Body, (bs, body) => new NixLet(bs, body!));
            case NixList list:
                return (list.Items, k => new NixList(k));
            case NixLambda lambda:
            {
                var defaults = lambda.Formals?.Items.Where(f => f.Default is not null).Select(f => f.Default!).ToList() ?? [];
                var kids = defaults.Append(lambda.Body).ToList();
                return (kids, k =>
                {
                    var n = 0;
                    var formals = lambda.Formals is null ? null
                        : lambda.Formals with { Items = lambda.Formals.Items.Select(f => f.Default is null ? f : f with { Default = k[n++] }).ToList() };
                    return new NixLambda(lambda.Arg, formals, k[n]);
                });
            }
            case NixApply a: return ([a.Function, a.Argument], k => new NixApply(k[0], k[1]));
            case NixSelect s:
            {
                var dynamic = s.Path.OfType<NixDynamicKey>().Select(d => d.Expr).ToList();
                var kids = new List<NixExpr> { s.Target };
                kids.AddRange(dynamic);
                if (s.Default is not null) kids.Add(s.Default);
                return (kids, k =>
                {
                    var n = 1;
                    var path = s.Path.Select(p => p is NixDynamicKey ? new NixDynamicKey(k[n++]) : p).ToList();
                    return new NixSelect(k[0], path, s.Default is null ? null : k[n]);
                });
            }
            case NixHasAttr h: return ([h.Target], k => h with { Target = k[0] });
            case NixBinary b: return ([b.Left, b.Right], k => b with { Left = k[0], Right = k[1] });
            case NixUnary u: return ([u.Operand], k => u with { Operand = k[0] });
            case NixIf i: return ([i.Condition, i.Then, i.Else], k => new NixIf(k[0], k[1], k[2]));
            case NixWith w: return ([w.Scope, w.Body], k => new NixWith(k[0], k[1]));
            case NixAssert a: return ([a.Condition, a.Body], k => new NixAssert(k[0], k[1]));
            default: return ([], _ => e);
        }
    }

    private static (IReadOnlyList<NixExpr>, Func<IReadOnlyList<NixExpr>, NixExpr>) BindingsSplit(IReadOnlyList<NixBinding> bindings, NixExpr? body,
        Func<IReadOnlyList<NixBinding>, NixExpr?, NixExpr> make)
    {
        var kids = new List<NixExpr>();
        foreach (var b in bindings)
        {
            if (b is NixAttr a) { kids.AddRange(a.Path.OfType<NixDynamicKey>().Select(d => d.Expr)); kids.Add(a.Value); }
            else if (b is NixInherit { From: { } from }) kids.Add(from);
        }
        if (body is not null) kids.Add(body);
        return (kids, k =>
        {
            var n = 0;
            var rebuilt = bindings.Select(b => b switch
            {
                NixAttr a => RebuildAttr(a, k, ref n),
                NixInherit { From: not null } i => i with { From = k[n++] },
                _ => b,
            }).ToList();
            return make(rebuilt, body is null ? null : k[n]);
        });
    }

    private static NixBinding RebuildAttr(NixAttr a, IReadOnlyList<NixExpr> k, ref int n)
    {
        var path = new List<NixKey>();
        foreach (var key in a.Path) path.Add(key is NixDynamicKey ? new NixDynamicKey(k[n++]) : key);
        return new NixAttr(path, k[n++]);
    }

    private static (IReadOnlyList<NixStringPart> Parts, int Used) RebuildParts(IReadOnlyList<NixStringPart> parts, IReadOnlyList<NixExpr> k, int start)
    {
        var n = start;
        var rebuilt = parts.Select(p => p is NixInterpolation ? new NixInterpolation(k[n++]) : p).ToList();
        return (rebuilt, n - start);
    }

    /// <summary>Every node with its pre-order number (the root is 0).</summary>
    public static IEnumerable<(int Id, NixExpr Node)> Nodes(NixExpr root)
    {
        var id = 0;
        var stack = new Stack<NixExpr>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return (id++, e);
            var kids = Split(e).Children;
            for (var i = kids.Count - 1; i >= 0; i--) stack.Push(kids[i]);
        }
    }

    /// <summary>The tree with node number <paramref name="target"/> (pre-order, as <see cref="Nodes"/>) replaced by <paramref name="change"/> of it.</summary>
    public static NixExpr Transform(NixExpr root, int target, Func<NixExpr, NixExpr> change)
    {
        var counter = 0;
        return Walk(root);

        NixExpr Walk(NixExpr e)
        {
            var id = counter++;
            if (id == target) { counter += Nodes(e).Count() - 1; return change(e); }
            var (kids, rebuild) = Split(e);
            if (kids.Count == 0) return e;
            // Subtrees that cannot hold the target are skipped whole (their node count advances the counter).
            var rebuilt = new List<NixExpr>(kids.Count);
            var changed = false;
            foreach (var kid in kids)
            {
                if (counter > target) { rebuilt.Add(kid); continue; }
                var size = Nodes(kid).Count();
                if (counter + size <= target) { counter += size; rebuilt.Add(kid); continue; }
                var next = Walk(kid);
                changed |= !ReferenceEquals(next, kid);
                rebuilt.Add(next);
            }
            return changed ? rebuild(rebuilt) : e;
        }
    }

    /// <summary>Every expression of the tree rewritten bottom-up by <paramref name="rewrite"/> (children first).</summary>
    public static NixExpr Rewrite(NixExpr e, Func<NixExpr, NixExpr> rewrite)
    {
        var (kids, rebuild) = Split(e);
        if (kids.Count == 0) return rewrite(e);
        var rebuilt = kids.Select(k => Rewrite(k, rewrite)).ToList();
        return rewrite(rebuilt.Zip(kids).All(p => ReferenceEquals(p.First, p.Second)) ? e : rebuild(rebuilt));
    }
}
