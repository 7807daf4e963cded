using System.Text;

namespace Conformance.NixDriver.Rendering.Syntax;

/// <summary>
/// Prints a <see cref="NixExpr"/> as Nix source in roughly nixfmt's RFC 166 style (what clan-core's
/// treefmt applies): two-space indentation, <c>{ }</c> and <c>[ ]</c> for empty sets and lists,
/// an attribute set of two or more bindings one binding per line, <c>let</c>/<c>in</c> on lines of
/// their own, a function with formals as the value of a binding on the lines below its name, the
/// last argument of an application absorbed (<c>lib.mkOption {</c>). Departures from nixfmt that
/// keep repros short: a list of simple items stays on one line when it fits, and an attribute set
/// nested under a single name is written as a path (<c>a.b = 1;</c>). Parentheses are added exactly
/// where precedence needs them, so parsing the printed text gives the same expression back.
/// </summary>
public static class NixPrinter
{
    private const int Width = 100;

    public static string Print(NixExpr expr) => Layout(expr, 0) + "\n";

    /// <summary>The expression on one line, however long (a command's function on a shell line).</summary>
    public static string Inline(NixExpr expr) => Flat(expr, inline: true) ?? Layout(expr, 0);

    // ---- precedence ------------------------------------------------------------------------------

    private const int Atom = 15, SelectLevel = 14, ApplyLevel = 13, NegLevel = 12, HasLevel = 11, NotLevel = 7, Lowest = 0;

    private static int Level(string op) => op switch
    {
        "++" => 10, "*" or "/" => 9, "+" or "-" => 8, "//" => 6, "<" or "<=" or ">" or ">=" => 5, "==" or "!=" => 4, "&&" => 3, "||" => 2, "->" => 1,
        _ => throw new ArgumentException($"unknown operator {op}"),
    };

    private static bool RightAssociative(string op) => op is "++" or "//" or "->";

    private static bool NonAssociative(string op) => op is "<" or "<=" or ">" or ">=" or "==" or "!=";

    private static int Precedence(NixExpr e) => e switch
    {
        NixSelect => SelectLevel,
        NixApply => ApplyLevel,
        NixUnary { Operator: "-" } => NegLevel,
        NixUnary => NotLevel,
        NixHasAttr => HasLevel,
        NixBinary b => Level(b.Operator),
        NixLambda or NixLet or NixWith or NixAssert or NixIf => Lowest,
        NixNumber n when n.Text.StartsWith('-') => NegLevel,
        _ => Atom,
    };

    /// <summary>The child as it must be written where at least <paramref name="level"/> is needed: parenthesised below it.</summary>
    private static string Child(NixExpr e, int level, int indent) =>
        Precedence(e) >= level ? Layout(e, indent) : "(" + Layout(e, indent) + ")";

    private static string? FlatChild(NixExpr e, int level, bool inline = false) =>
        Flat(e, inline) is { } f ? Precedence(e) >= level ? f : "(" + f + ")" : null;

    // ---- flat (one line) -------------------------------------------------------------------------

    /// <summary>The expression on one line, or null when it is never written on one line (a let, a set of several bindings, a multi-line string).</summary>
    /// <param name="inline">One line whatever the construct (lets and sets of several bindings too), for a shell command.</param>
    private static string? Flat(NixExpr e, bool inline = false)
    {
        switch (e)
        {
            case NixNumber n: return n.Text;
            case NixVar v: return v.Name;
            case NixPath p: return p.Text;
            case NixUri u: return u.Text;
            case NixString s: return s.Indented && IndentedLines(s) is not null ? null : Quoted(s);
            case NixAttrSet { Bindings.Count: 0 } set: return set.Recursive ? "rec { }" : "{ }";
            case NixAttrSet { Bindings.Count: 1 } set when Binding(set.Bindings[0], inline) is { } b: return (set.Recursive ? "rec { " : "{ ") + b + " }";
            case NixAttrSet set when inline:
                var all = set.Bindings.Select(x => Binding(x, inline)).ToList();
                return all.Any(x => x is null) ? null : (set.Recursive ? "rec { " : "{ ") + string.Join(" ", all) + " }";
            case NixAttrSet: return null;
            case NixList { Items.Count: 0 }: return "[ ]";
            case NixList l when inline || l.Items.Count == 1 || l.Items.All(Simple):
                var items = l.Items.Select(i => FlatChild(i, SelectLevel, inline)).ToList();
                return items.Any(i => i is null) ? null : "[ " + string.Join(" ", items) + " ]";
            case NixList: return null;
            case NixLet let when inline:
                var lets = let.Bindings.Select(x => Binding(x, inline)).ToList();
                return lets.Any(x => x is null) || Flat(let.Body, inline) is not { } letBody ? null : "let " + string.Join(" ", lets) + " in " + letBody;
            case NixLet: return null;
            case NixLambda lambda:
                return Flat(lambda.Body, inline) is { } body && Pattern(lambda) is { } pattern ? pattern + ": " + body : null;
            case NixApply a:
                return FlatChild(a.Function, ApplyLevel, inline) is { } f && FlatChild(a.Argument, SelectLevel, inline) is { } x ? f + " " + x : null;
            case NixSelect s:
                var target = FlatChild(s.Target, Atom, inline);
                if (target is null) return null;
                var selected = target + "." + Path(s.Path);
                if (s.Default is null) return selected;
                return FlatChild(s.Default, SelectLevel, inline) is { } d ? selected + " or " + d : null;
            case NixHasAttr h:
                return FlatChild(h.Target, NegLevel, inline) is { } t ? t + " ? " + Path(h.Path) : null;
            case NixUnary u:
                return FlatChild(u.Operand, u.Operator == "-" ? NegLevel : NotLevel, inline) is { } o ? u.Operator + o : null;
            case NixBinary b:
                var (left, right) = OperandLevels(b.Operator);
                return FlatChild(b.Left, left, inline) is { } l2 && FlatChild(b.Right, right, inline) is { } r ? l2 + " " + b.Operator + " " + r : null;
            case NixIf i:
                return Flat(i.Condition, inline) is { } c && Flat(i.Then, inline) is { } th && Flat(i.Else, inline) is { } el ? $"if {c} then {th} else {el}" : null;
            case NixWith w:
                return Flat(w.Scope, inline) is { } sc && Flat(w.Body, inline) is { } wb ? $"with {sc}; {wb}" : null;
            case NixAssert a2:
                return Flat(a2.Condition, inline) is { } ac && Flat(a2.Body, inline) is { } ab ? $"assert {ac}; {ab}" : null;
        }
        throw new ArgumentException($"cannot print {e.GetType().Name}");
    }

    private static (int Left, int Right) OperandLevels(string op)
    {
        var level = Level(op);
        if (RightAssociative(op)) return (level + 1, level);
        if (NonAssociative(op)) return (level + 1, level + 1);
        return (level, level + 1);
    }

    /// <summary>Items a list keeps on one line: literals, names and selections.</summary>
    private static bool Simple(NixExpr e) => e is NixNumber or NixVar or NixPath or NixUri or NixString { Indented: false } or NixSelect { Default: null }
        or NixAttrSet { Bindings.Count: 0 } or NixList { Items.Count: 0 };

    private static string? Pattern(NixLambda lambda)
    {
        if (lambda.Formals is not { } f) return lambda.Arg;
        var items = f.Items.Select(i => i.Default is null ? i.Name : Flat(i.Default) is { } d ? i.Name + " ? " + d : null).ToList();
        if (items.Any(i => i is null)) return null;
        if (f.Ellipsis) items.Add("...");
        var set = items.Count == 0 ? "{ }" : "{ " + string.Join(", ", items) + " }";
        return f.Bind is null ? set : f.BindFirst ? f.Bind + "@" + set : set + "@" + f.Bind;
    }

    private static string? Binding(NixBinding b, bool inline = false) => b switch
    {
        NixAttr a => Collapse(a) is var (path, value) && Flat(value, inline) is { } v ? Path(path) + " = " + v + ";" : null,
        NixInherit i => i.From is null ? "inherit " + Names(i.Names) + ";" : Flat(i.From, inline) is { } from ? $"inherit ({from}) {Names(i.Names)};" : null,
        _ => null,
    };

    private static string Names(IEnumerable<NixKey> names) => string.Join(" ", names.Select(Key));

    // ---- layout (several lines where needed) --------------------------------------------------------

    private static string Pad(int indent) => new(' ', indent * 2);

    private static bool Fits(string? flat, int indent, int extra = 0) => flat is not null && indent * 2 + flat.Length + extra <= Width;

    /// <summary>The expression at <paramref name="indent"/>: its first line unindented (the caller places it), the others indented.</summary>
    private static string Layout(NixExpr e, int indent)
    {
        var flat = Flat(e);
        if (Fits(flat, indent) && e is not NixLet) return flat!;
        var pad = Pad(indent);
        var inner = Pad(indent + 1);
        switch (e)
        {
            case NixAttrSet set:
            {
                var text = new StringBuilder(set.Recursive ? "rec {\n" : "{\n");
                foreach (var b in set.Bindings) text.Append(inner).Append(LayoutBinding(b, indent + 1)).Append('\n');
                return text.Append(pad).Append('}').ToString();
            }
            case NixList list:
            {
                var text = new StringBuilder("[\n");
                foreach (var item in list.Items) text.Append(inner).Append(Child(item, SelectLevel, indent + 1)).Append('\n');
                return text.Append(pad).Append(']').ToString();
            }
            case NixLet let:
            {
                var text = new StringBuilder("let\n");
                foreach (var b in let.Bindings) text.Append(inner).Append(LayoutBinding(b, indent + 1)).Append('\n');
                return text.Append(pad).Append("in\n").Append(pad).Append(Layout(let.Body, indent)).ToString();
            }
            case NixLambda lambda:
            {
                var pattern = Pattern(lambda);
                if (pattern is null || !Fits(pattern, indent, 1))
                    pattern = ExpandedFormals(lambda.Formals!, indent);
                // `x: {` keeps the body on the same line; a pattern puts it on the next (nixfmt).
                if (lambda.Formals is null && Absorbs(lambda.Body)) return pattern + ": " + Layout(lambda.Body, indent);
                return pattern + ":\n" + pad + Layout(lambda.Body, indent);
            }
            case NixApply apply:
            {
                var (function, args) = Spine(apply);
                var head = FlatChild(function, ApplyLevel);
                var firsts = args.Take(args.Count - 1).Select(a => FlatChild(a, SelectLevel)).ToList();
                var last = args[^1];
                if (head is not null && firsts.All(a => a is not null) && Absorbs(last))
                {
                    var prefix = string.Join(" ", new[] { head }.Concat(firsts!)) + " ";
                    if (Fits(prefix + "{", indent)) return prefix + Child(last, SelectLevel, indent);
                }
                var text = new StringBuilder(Child(function, ApplyLevel, indent));
                foreach (var a in args) text.Append('\n').Append(inner).Append(Child(a, SelectLevel, indent + 1));
                return text.ToString();
            }
            case NixSelect select:
            {
                var target = Child(select.Target, Atom, indent) + "." + Path(select.Path);
                return select.Default is null ? target : target + " or " + Child(select.Default, SelectLevel, indent);
            }
            case NixBinary b:
            {
                var (left, right) = OperandLevels(b.Operator);
                return Child(b.Left, left, indent) + "\n" + pad + b.Operator + " " + Child(b.Right, right, indent);
            }
            case NixUnary u:
                return u.Operator + Child(u.Operand, u.Operator == "-" ? NegLevel : NotLevel, indent);
            case NixHasAttr h:
                return Child(h.Target, NegLevel, indent) + " ? " + Path(h.Path);
            case NixIf i:
                return "if " + Layout(i.Condition, indent) + " then\n" + inner + Layout(i.Then, indent + 1) + "\n" + pad + "else\n" + inner + Layout(i.Else, indent + 1);
            case NixWith w:
                return "with " + Layout(w.Scope, indent) + ";\n" + pad + Layout(w.Body, indent);
            case NixAssert a:
                return "assert " + Layout(a.Condition, indent) + ";\n" + pad + Layout(a.Body, indent);
            case NixString s:
                return IndentedLines(s) is { } lines
                    ? "''\n" + string.Concat(lines.Select(l => (l.Length == 0 ? "" : inner + l) + "\n")) + pad + "''"
                    : Quoted(s);
            default:
                return flat ?? throw new ArgumentException($"cannot print {e.GetType().Name}");
        }
    }

    /// <summary>Whether an expression opens on its first line and closes on its last (a set, a list, a function), so it can follow a name or a function on the same line.</summary>
    private static bool Absorbs(NixExpr e) => e is NixAttrSet or NixList || e is NixLambda { Formals: null } l && Absorbs(l.Body);

    private static (NixExpr Function, List<NixExpr> Args) Spine(NixApply apply)
    {
        var args = new List<NixExpr>();
        NixExpr f = apply;
        while (f is NixApply a) { args.Insert(0, a.Argument); f = a.Function; }
        return (f, args);
    }

    private static string ExpandedFormals(NixFormals formals, int indent)
    {
        var text = new StringBuilder(formals.Bind is not null && formals.BindFirst ? formals.Bind + "@{\n" : "{\n");
        foreach (var f in formals.Items)
            text.Append(Pad(indent + 1)).Append(f.Name).Append(f.Default is null ? "" : " ? " + Layout(f.Default, indent + 1)).Append(",\n");
        if (formals.Ellipsis) text.Append(Pad(indent + 1)).Append("...\n");
        text.Append(Pad(indent)).Append('}');
        if (formals.Bind is not null && !formals.BindFirst) text.Append('@').Append(formals.Bind);
        return text.ToString();
    }

    private static string LayoutBinding(NixBinding b, int indent)
    {
        if (b is NixInherit i)
        {
            var flat = Binding(i);
            return flat ?? $"inherit ({Layout(i.From!, indent)}) {Names(i.Names)};";
        }
        var (path, value) = Collapse((NixAttr)b);
        var name = Path(path) + " =";
        var one = Flat(value);
        if (one is not null && Fits(name + " " + one + ";", indent) && value is not NixLet) return name + " " + one + ";";
        // A set, a list, `x: { … }` and an application ending in one open on the name's line.
        if (Absorbs(value) || value is NixApply a && Absorbs(Spine(a).Args[^1]) && Layout(value, indent).Split('\n')[0].Length + name.Length + 1 + indent * 2 <= Width)
            return name + " " + Layout(value, indent) + ";";
        return name + "\n" + Pad(indent + 1) + Layout(value, indent + 1) + ";";
    }

    /// <summary><c>a = { b = x; }</c> as <c>a.b = x</c>: a set of one plain binding, not recursive, is written as a longer path.</summary>
    private static (IReadOnlyList<NixKey> Path, NixExpr Value) Collapse(NixAttr a)
    {
        var path = a.Path.ToList();
        var value = a.Value;
        while (value is NixAttrSet { Recursive: false, Bindings: [NixAttr inner] }) { path.AddRange(inner.Path); value = inner.Value; }
        return (path, value);
    }

    // ---- names and strings --------------------------------------------------------------------

    private static string Path(IEnumerable<NixKey> path) => string.Join(".", path.Select(Key));

    private static string Key(NixKey key) => key switch
    {
        NixNameKey n => NixSyntax.IsBareIdentifier(n.Name) || n.Name == "or" ? n.Name : Quoted(NixString.Of(n.Name)),
        NixStringKey s => Quoted(s.Value with { Indented = false }),
        NixDynamicKey d => "${" + Layout(d.Expr, 0) + "}",
        _ => throw new ArgumentException("unknown key"),
    };

    /// <summary>A string in double quotes: <c>\</c>, <c>"</c>, control characters escaped, and <c>$</c> where it would start an interpolation.</summary>
    private static string Quoted(NixString s)
    {
        var text = new StringBuilder("\"");
        for (var n = 0; n < s.Parts.Count; n++)
        {
            if (s.Parts[n] is NixInterpolation i) { text.Append("${").Append(Layout(i.Expr, 0)).Append('}'); continue; }
            var value = ((NixText)s.Parts[n]).Value;
            var followedByInterpolation = n + 1 < s.Parts.Count;
            for (var k = 0; k < value.Length; k++)
            {
                var c = value[k];
                text.Append(c switch
                {
                    '\\' => "\\\\",
                    '"' => "\\\"",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '$' when k + 1 < value.Length && value[k + 1] == '{' || k + 1 == value.Length && followedByInterpolation => "\\$",
                    _ => c.ToString(),
                });
            }
        }
        return text.Append('"').ToString();
    }

    /// <summary>
    /// The lines of an indented string to print as <c>''…''</c> (each escaped), or null when it is better
    /// written in double quotes: no line break at its end, a carriage return, or every line starting
    /// with a space (Nix would strip that common indentation).
    /// </summary>
    private static List<string>? IndentedLines(NixString s)
    {
        if (!s.Indented) return null;
        var source = new StringBuilder();
        for (var n = 0; n < s.Parts.Count; n++)
        {
            if (s.Parts[n] is NixInterpolation i) { source.Append("${").Append(Layout(i.Expr, 0)).Append('}'); continue; }
            var value = ((NixText)s.Parts[n]).Value;
            if (value.Contains('\r') || value.Contains('\t')) return null;
            var followedByInterpolation = n + 1 < s.Parts.Count;
            for (var k = 0; k < value.Length; k++)
            {
                if (value[k] == '\'' && k + 1 < value.Length && value[k + 1] == '\'') { source.Append("'''"); k++; continue; }
                if (value[k] == '$' && (k + 1 < value.Length && value[k + 1] == '{' || k + 1 == value.Length && followedByInterpolation)) { source.Append("''$"); continue; }
                source.Append(value[k]);
            }
        }
        var text = source.ToString();
        if (!text.EndsWith('\n') || text.EndsWith("'\n", StringComparison.Ordinal)) return null;
        var lines = text[..^1].Split('\n').ToList();
        if (lines.Where(l => l.Length > 0).All(l => l.StartsWith(' ')) || lines.Any(l => l.Length > 0 && l.Trim(' ').Length == 0)) return null;
        if (s.Parts[0] is NixText { Value: var first } && first.StartsWith(' ')) return null;
        return lines;
    }
}
