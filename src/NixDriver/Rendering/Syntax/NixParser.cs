using System.Text;

namespace Conformance.NixDriver.Rendering.Syntax;

/// <summary>
/// A recursive-descent parser for the Nix language (<c>src/libexpr/parser.y</c>): functions with
/// formals, <c>let</c>, <c>with</c>, <c>assert</c>, <c>if</c>, the operators at Nix's precedences
/// (<c>-&gt;</c> lowest … <c>++</c>, <c>?</c>, unary minus, application, selection with <c>or</c>
/// highest), attribute sets (<c>rec</c>, nested paths, dynamic and quoted names, <c>inherit</c>),
/// lists, strings with interpolation (indented ones with their indentation stripped as Nix strips
/// it), paths and URIs. Enough for what the renderer writes and what a maintainer pastes; the
/// legacy <c>let { … }</c> and path interpolation are refused with a message saying so.
/// </summary>
public static class NixParser
{
    public static NixExpr Parse(string source)
    {
        var parser = new State(source, NixLexer.Tokenize(source));
        var expr = parser.Expr();
        parser.Expect(TokenKind.End, "end of input");
        return expr;
    }

    private static readonly HashSet<string> Keywords = ["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"];

    private sealed class State(string source, IReadOnlyList<Token> tokens)
    {
        private int _at;

        private Token Peek(int ahead = 0) => tokens[Math.Min(_at + ahead, tokens.Count - 1)];

        private Token Next() => tokens[_at++];

        private bool IsOp(string op, int ahead = 0) => Peek(ahead) is { Kind: TokenKind.Op } t && t.Text == op;

        private bool IsKeyword(string word, int ahead = 0) => Peek(ahead) is { Kind: TokenKind.Id } t && t.Text == word;

        private NixParseException Error(string expected) =>
            NixLexer.Error(source, Peek().Offset, $"expected {expected}, found {(Peek().Kind == TokenKind.End ? "end of input" : $"'{Peek().Text}'")}");

        public Token Expect(TokenKind kind, string what, string? text = null)
        {
            if (Peek().Kind != kind || text is not null && Peek().Text != text) throw Error(what);
            return Next();
        }

        private void ExpectOp(string op) => Expect(TokenKind.Op, $"'{op}'", op);

        private string Identifier(string what)
        {
            var t = Expect(TokenKind.Id, what);
            if (Keywords.Contains(t.Text)) throw NixLexer.Error(source, t.Offset, $"expected {what}, found the keyword '{t.Text}'");
            return t.Text;
        }

        public NixExpr Expr()
        {
            var t = Peek();
            if (t.Kind == TokenKind.Id && !Keywords.Contains(t.Text))
            {
                if (IsOp(":", 1)) { _at += 2; return new NixLambda(t.Text, null, Expr()); }
                if (IsOp("@", 1) && IsOp("{", 2))
                {
                    _at += 2;
                    var formals = Formals() with { Bind = t.Text, BindFirst = true };
                    ExpectOp(":");
                    return new NixLambda(null, formals, Expr());
                }
            }
            if (IsOp("{") && LooksLikeFormals())
            {
                var formals = Formals();
                if (IsOp("@")) { Next(); formals = formals with { Bind = Identifier("a name after '@'"), BindFirst = false }; }
                ExpectOp(":");
                return new NixLambda(null, formals, Expr());
            }
            if (IsKeyword("assert")) { Next(); var c = Expr(); ExpectOp(";"); return new NixAssert(c, Expr()); }
            if (IsKeyword("with")) { Next(); var s = Expr(); ExpectOp(";"); return new NixWith(s, Expr()); }
            if (IsKeyword("let"))
            {
                if (IsOp("{", 1)) throw NixLexer.Error(source, t.Offset, "the legacy 'let { … }' is not supported; use 'let … in'");
                Next();
                var bindings = Bindings(closer: "in");
                Expect(TokenKind.Id, "'in'", "in");
                return new NixLet(bindings, Expr());
            }
            if (IsKeyword("if"))
            {
                Next();
                var c = Expr();
                Expect(TokenKind.Id, "'then'", "then");
                var a = Expr();
                Expect(TokenKind.Id, "'else'", "else");
                return new NixIf(c, a, Expr());
            }
            return Binary(0);
        }

        /// <summary>Whether the <c>{</c> here opens a pattern (a function's formals), not an attribute set.</summary>
        private bool LooksLikeFormals()
        {
            // { } :   { } @   { a , …   { a ? …   { a } :   { ... }
            if (IsOp("}", 1)) return IsOp(":", 2) || IsOp("@", 2);
            if (IsOp("...", 1)) return true;
            if (Peek(1).Kind != TokenKind.Id || Keywords.Contains(Peek(1).Text)) return false;
            if (IsOp(",", 2) || IsOp("?", 2)) return true;
            return IsOp("}", 2) && (IsOp(":", 3) || IsOp("@", 3));
        }

        private NixFormals Formals()
        {
            ExpectOp("{");
            var items = new List<NixFormal>();
            var ellipsis = false;
            while (!IsOp("}"))
            {
                if (IsOp("...")) { Next(); ellipsis = true; }
                else
                {
                    var name = Identifier("a formal argument");
                    NixExpr? fallback = null;
                    if (IsOp("?")) { Next(); fallback = Expr(); }
                    items.Add(new NixFormal(name, fallback));
                }
                if (IsOp(",")) { Next(); continue; }
                if (!IsOp("}")) throw Error("',' or '}' in the formal arguments");
            }
            Next();
            return new NixFormals(items, ellipsis);
        }

        // Binary operators by level, lowest first; '!' (prefix) sits between '//' and '+'.
        private static readonly (string[] Ops, char Assoc)[] Levels =
        [
            (["->"], 'R'), (["||"], 'L'), (["&&"], 'L'), (["==", "!="], 'N'), (["<", "<=", ">", ">="], 'N'), (["//"], 'R'),
            (["!"], 'P'), (["+", "-"], 'L'), (["*", "/"], 'L'), (["++"], 'R'),
        ];

        private NixExpr Binary(int level)
        {
            if (level == Levels.Length) return HasAttr();
            var (ops, assoc) = Levels[level];
            if (assoc == 'P')
            {
                if (IsOp("!")) { Next(); return new NixUnary("!", Binary(level)); }
                return Binary(level + 1);
            }
            var left = Binary(level + 1);
            while (Peek() is { Kind: TokenKind.Op } t && ops.Contains(t.Text))
            {
                Next();
                if (assoc == 'R') return new NixBinary(t.Text, left, Binary(level));
                left = new NixBinary(t.Text, left, Binary(level + 1));
                if (assoc == 'N') break;
            }
            return left;
        }

        private NixExpr HasAttr()
        {
            var left = Negation();
            while (IsOp("?")) { Next(); left = new NixHasAttr(left, AttrPath()); }
            return left;
        }

        private NixExpr Negation()
        {
            if (IsOp("-")) { Next(); return new NixUnary("-", Negation()); }
            return Application();
        }

        private NixExpr Application()
        {
            var f = Select();
            while (StartsSimple()) f = new NixApply(f, Select());
            return f;
        }

        private bool StartsSimple()
        {
            var t = Peek();
            return t.Kind switch
            {
                TokenKind.Id => !Keywords.Contains(t.Text) || t.Text == "rec",
                TokenKind.Int or TokenKind.Float or TokenKind.Path or TokenKind.Uri or TokenKind.StrOpen or TokenKind.IndOpen => true,
                TokenKind.Op => t.Text is "(" or "{" or "[",
                _ => false,
            };
        }

        private NixExpr Select()
        {
            var e = Simple();
            if (!IsOp(".")) return e;
            Next();
            var path = AttrPath();
            NixExpr? fallback = null;
            if (IsKeyword("or")) { Next(); fallback = Select(); }
            return new NixSelect(e, path, fallback);
        }

        private NixExpr Simple()
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokenKind.Int:
                case TokenKind.Float:
                    return new NixNumber(t.Text);
                case TokenKind.Path:
                    return new NixPath(t.Text);
                case TokenKind.Uri:
                    return new NixUri(t.Text);
                case TokenKind.StrOpen:
                    return String();
                case TokenKind.IndOpen:
                    return Indented();
                case TokenKind.Id when t.Text == "rec":
                    ExpectOp("{");
                    return AttrSetBody(recursive: true);
                case TokenKind.Id when !Keywords.Contains(t.Text):
                    return new NixVar(t.Text);
                case TokenKind.Op when t.Text == "(":
                    var inner = Expr();
                    ExpectOp(")");
                    return inner;
                case TokenKind.Op when t.Text == "{":
                    return AttrSetBody(recursive: false);
                case TokenKind.Op when t.Text == "[":
                    var items = new List<NixExpr>();
                    while (!IsOp("]")) items.Add(Select());
                    Next();
                    return new NixList(items);
            }
            _at--;
            throw Error("an expression");
        }

        private NixAttrSet AttrSetBody(bool recursive)
        {
            var bindings = Bindings(closer: "}");
            ExpectOp("}");
            return new NixAttrSet(bindings, recursive);
        }

        private List<NixBinding> Bindings(string closer)
        {
            var bindings = new List<NixBinding>();
            while (!(closer == "}" ? IsOp("}") : IsKeyword(closer)))
            {
                if (IsKeyword("inherit"))
                {
                    Next();
                    NixExpr? from = null;
                    if (IsOp("(")) { Next(); from = Expr(); ExpectOp(")"); }
                    var names = new List<NixKey>();
                    while (!IsOp(";")) names.Add(Key(allowDynamic: false));
                    Next();
                    bindings.Add(new NixInherit(from, names));
                    continue;
                }
                if (Peek().Kind == TokenKind.End) throw Error(closer == "}" ? "'}'" : "'in'");
                var path = AttrPath();
                ExpectOp("=");
                var value = Expr();
                ExpectOp(";");
                bindings.Add(new NixAttr(path, value));
            }
            return bindings;
        }

        private List<NixKey> AttrPath()
        {
            var path = new List<NixKey> { Key(allowDynamic: true) };
            while (IsOp(".")) { Next(); path.Add(Key(allowDynamic: true)); }
            return path;
        }

        private NixKey Key(bool allowDynamic)
        {
            var t = Peek();
            if (t.Kind == TokenKind.Id && (t.Text == "or" || !Keywords.Contains(t.Text))) { Next(); return new NixNameKey(t.Text); }
            if (t.Kind == TokenKind.StrOpen)
            {
                Next();
                var s = String();
                return s.Literal is { } literal && NixSyntax.IsBareIdentifier(literal) ? new NixNameKey(literal) : new NixStringKey(s);
            }
            if (allowDynamic && t.Kind == TokenKind.InterpOpen)
            {
                Next();
                var e = Expr();
                Expect(TokenKind.InterpClose, "'}'");
                return new NixDynamicKey(e);
            }
            throw Error("an attribute name");
        }

        private NixString String()
        {
            var parts = new List<NixStringPart>();
            while (true)
            {
                var t = Next();
                switch (t.Kind)
                {
                    case TokenKind.StrText: parts.Add(new NixText(t.Text)); break;
                    case TokenKind.InterpOpen:
                        parts.Add(new NixInterpolation(Expr()));
                        Expect(TokenKind.InterpClose, "'}' closing the interpolation");
                        break;
                    case TokenKind.StrClose: return new NixString(Merge(parts));
                    default: _at--; throw Error("the rest of the string");
                }
            }
        }

        /// <summary>
        /// An indented string with its common indentation stripped as Nix's <c>stripIndentation</c>
        /// does (the lexer already dropped a first line of spaces only): the least indentation of a
        /// line with content (an interpolation or an escape is content) goes from every line, and a
        /// last line of spaces only goes.
        /// </summary>
        private NixString Indented()
        {
            var raw = new List<(string? Text, bool Escaped, NixExpr? Expr)>();
            while (true)
            {
                var t = Next();
                if (t.Kind == TokenKind.IndText) raw.Add((t.Text, t.Escaped, null));
                else if (t.Kind == TokenKind.InterpOpen)
                {
                    raw.Add((null, false, Expr()));
                    Expect(TokenKind.InterpClose, "'}' closing the interpolation");
                }
                else if (t.Kind == TokenKind.IndClose) break;
                else { _at--; throw Error("the rest of the indented string"); }
            }
            var minIndent = int.MaxValue;
            var atStart = true;
            var indent = 0;
            foreach (var (text, escaped, _) in raw)
            {
                if (text is null || escaped)
                {
                    if (atStart) { atStart = false; minIndent = Math.Min(minIndent, indent); }
                    continue;
                }
                foreach (var c in text)
                {
                    if (atStart)
                    {
                        if (c == ' ') indent++;
                        else if (c == '\n') indent = 0;
                        else { atStart = false; minIndent = Math.Min(minIndent, indent); }
                    }
                    else if (c == '\n') { atStart = true; indent = 0; }
                }
            }
            var parts = new List<NixStringPart>();
            atStart = true;
            var dropped = 0;
            for (var n = 0; n < raw.Count; n++)
            {
                var (text, _, expr) = raw[n];
                if (text is null) { parts.Add(new NixInterpolation(expr!)); atStart = false; dropped = 0; continue; }
                var value = new StringBuilder();
                foreach (var c in text)
                {
                    if (atStart)
                    {
                        if (c == ' ') { if (dropped++ >= minIndent) value.Append(c); }
                        else if (c == '\n') { dropped = 0; value.Append(c); }
                        else { atStart = false; dropped = 0; value.Append(c); }
                    }
                    else
                    {
                        value.Append(c);
                        if (c == '\n') atStart = true;
                    }
                }
                var s = value.ToString();
                if (n == raw.Count - 1)
                {
                    var p = s.LastIndexOf('\n');
                    if (p >= 0 && s[(p + 1)..].All(ch => ch == ' ')) s = s[..(p + 1)];
                }
                if (s.Length > 0) parts.Add(new NixText(s));
            }
            return new NixString(Merge(parts), Indented: true);
        }

        private static List<NixStringPart> Merge(List<NixStringPart> parts)
        {
            var merged = new List<NixStringPart>();
            foreach (var p in parts)
            {
                if (p is NixText t && merged.Count > 0 && merged[^1] is NixText previous) merged[^1] = new NixText(previous.Value + t.Value);
                else merged.Add(p);
            }
            return merged;
        }
    }
}
