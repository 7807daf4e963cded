namespace Conformance.NixDriver.Rendering.Syntax;

/// <summary>
/// A Nix expression as the reducer sees it: plain immutable records, one per construct of the
/// language (Nix's own parser, <c>src/libexpr/parser.y</c>, is the reference). Parentheses are not
/// nodes — the printer adds them where precedence needs them — and comments are not kept.
/// Equality is structural (<see cref="NixPrinter"/> text), so two nodes that print alike are alike.
/// </summary>
public abstract record NixExpr;

/// <summary>An integer or float literal, as written.</summary>
public sealed record NixNumber(string Text) : NixExpr;

/// <summary>A variable (an identifier, including <c>true</c>, <c>false</c>, <c>null</c>).</summary>
public sealed record NixVar(string Name) : NixExpr;

/// <summary>A path literal (<c>./a.nix</c>, <c>../x</c>, <c>/abs</c>, <c>~/x</c>, <c>&lt;nixpkgs&gt;</c>), as written.</summary>
public sealed record NixPath(string Text) : NixExpr;

/// <summary>An unquoted URI literal (<c>https://…</c>), as written.</summary>
public sealed record NixUri(string Text) : NixExpr;

/// <summary>One part of a string: literal text (the value, unescaped) or an interpolated expression.</summary>
public abstract record NixStringPart;

public sealed record NixText(string Value) : NixStringPart;

public sealed record NixInterpolation(NixExpr Expr) : NixStringPart;

/// <summary>A string, <c>"…"</c> or <c>''…''</c> (<paramref name="Indented"/>; its text already stripped of the common indentation).</summary>
public sealed record NixString(IReadOnlyList<NixStringPart> Parts, bool Indented = false) : NixExpr
{
    /// <summary>The string's value when it has no interpolation (null otherwise).</summary>
    public string? Literal => Parts.All(p => p is NixText) ? string.Concat(Parts.Cast<NixText>().Select(t => t.Value)) : null;

    public static NixString Of(string value) => new([new NixText(value)]);
}

/// <summary>An attribute name in a path: bare (<c>a</c>), quoted (<c>"a b"</c>, possibly interpolated) or dynamic (<c>${e}</c>).</summary>
public abstract record NixKey;

public sealed record NixNameKey(string Name) : NixKey;

public sealed record NixStringKey(NixString Value) : NixKey;

public sealed record NixDynamicKey(NixExpr Expr) : NixKey;

/// <summary>A binding of an attribute set or a <c>let</c>.</summary>
public abstract record NixBinding;

/// <summary><c>a.b.c = value;</c></summary>
public sealed record NixAttr(IReadOnlyList<NixKey> Path, NixExpr Value) : NixBinding;

/// <summary><c>inherit a b;</c> or <c>inherit (from) a b;</c></summary>
public sealed record NixInherit(NixExpr? From, IReadOnlyList<NixKey> Names) : NixBinding;

/// <summary><c>{ … }</c> or <c>rec { … }</c>.</summary>
public sealed record NixAttrSet(IReadOnlyList<NixBinding> Bindings, bool Recursive = false) : NixExpr;

/// <summary><c>[ a b c ]</c></summary>
public sealed record NixList(IReadOnlyList<NixExpr> Items) : NixExpr;

/// <summary><c>let … in body</c></summary>
public sealed record NixLet(IReadOnlyList<NixBinding> Bindings, NixExpr Body) : NixExpr;

/// <summary>One formal of a pattern lambda: <c>name</c> or <c>name ? default</c>.</summary>
public sealed record NixFormal(string Name, NixExpr? Default);

/// <summary>A pattern <c>{ a, b ? 1, ... }</c>, optionally bound as a whole (<c>args@{ … }</c> or <c>{ … }@args</c>).</summary>
public sealed record NixFormals(IReadOnlyList<NixFormal> Items, bool Ellipsis, string? Bind = null, bool BindFirst = true);

/// <summary><c>x: body</c> (<see cref="Arg"/>) or <c>{ … }: body</c> (<see cref="Formals"/>).</summary>
public sealed record NixLambda(string? Arg, NixFormals? Formals, NixExpr Body) : NixExpr;

/// <summary><c>f x</c></summary>
public sealed record NixApply(NixExpr Function, NixExpr Argument) : NixExpr;

/// <summary><c>e.a.b</c> or <c>e.a.b or default</c></summary>
public sealed record NixSelect(NixExpr Target, IReadOnlyList<NixKey> Path, NixExpr? Default = null) : NixExpr;

/// <summary><c>e ? a.b</c></summary>
public sealed record NixHasAttr(NixExpr Target, IReadOnlyList<NixKey> Path) : NixExpr;

/// <summary>A binary operator: <c>++ * / + - // &lt; &lt;= &gt; &gt;= == != &amp;&amp; || -&gt;</c>.</summary>
public sealed record NixBinary(string Operator, NixExpr Left, NixExpr Right) : NixExpr;

/// <summary><c>!e</c> or <c>-e</c>.</summary>
public sealed record NixUnary(string Operator, NixExpr Operand) : NixExpr;

public sealed record NixIf(NixExpr Condition, NixExpr Then, NixExpr Else) : NixExpr;

public sealed record NixWith(NixExpr Scope, NixExpr Body) : NixExpr;

public sealed record NixAssert(NixExpr Condition, NixExpr Body) : NixExpr;
