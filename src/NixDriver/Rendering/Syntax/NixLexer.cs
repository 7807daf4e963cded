using System.Text;
using System.Text.RegularExpressions;

namespace Conformance.NixDriver.Rendering.Syntax;

/// <summary>A Nix source that does not parse: the message says where (line and column) and what was expected.</summary>
public sealed class NixParseException(string message) : Exception(message);

internal enum TokenKind
{
    Id, Int, Float, Path, Uri, Op, StrOpen, StrText, StrClose, IndOpen, IndText, IndClose, InterpOpen, InterpClose, End,
}

/// <summary>A token; <see cref="Escaped"/> marks indented-string text produced by an escape (it never counts as indentation).</summary>
internal sealed record Token(TokenKind Kind, string Text, int Offset, bool Escaped = false);

/// <summary>
/// Nix's lexer (<c>src/libexpr/lexer.l</c>) as a token list: the same token rules with the same
/// longest-match choices (<c>a/b</c> is a path, <c>x:y</c> a URI, <c>&lt;nixpkgs&gt;</c> a search path),
/// and its start conditions for strings — inside <c>"…"</c> and <c>''…''</c> text and <c>${</c> alternate,
/// and the <c>}</c> that closes an interpolation returns to the string.
/// </summary>
internal static partial class NixLexer
{
    private enum Mode { Code, String, Indented, Interpolation }

    private static readonly string[] Operators =
        ["...", "==", "!=", "<=", ">=", "&&", "||", "->", "//", "++", "${", "+", "-", "*", "/", "<", ">", "!", "?", "@", ":", ";", ",", ".", "=", "(", ")", "{", "}", "[", "]"];

    public static IReadOnlyList<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var modes = new Stack<Mode>();
        modes.Push(Mode.Code);
        var i = 0;
        while (true)
        {
            var mode = modes.Peek();
            if (mode == Mode.String) { i = LexString(source, i, tokens, modes); continue; }
            if (mode == Mode.Indented) { i = LexIndented(source, i, tokens, modes); continue; }
            i = SkipTrivia(source, i);
            if (i >= source.Length)
            {
                // An unclosed brace is the parser's to report (it knows what it expected); an unclosed interpolation is ours.
                if (modes.Contains(Mode.Interpolation)) throw Error(source, i, "unexpected end of input (an unclosed interpolation)");
                tokens.Add(new Token(TokenKind.End, "", i));
                return tokens;
            }
            var c = source[i];
            if (c == '"') { tokens.Add(new Token(TokenKind.StrOpen, "\"", i)); modes.Push(Mode.String); i++; continue; }
            if (c == '\'' && At(source, i, "''"))
            {
                tokens.Add(new Token(TokenKind.IndOpen, "''", i));
                modes.Push(Mode.Indented);
                i += 2;
                // As Nix's lexer: `''` swallows a first line of spaces only.
                var j = i;
                while (j < source.Length && source[j] == ' ') j++;
                if (j < source.Length && source[j] == '\n') i = j + 1;
                continue;
            }
            if (c == '{' && mode is Mode.Code or Mode.Interpolation) { modes.Push(Mode.Code); tokens.Add(new Token(TokenKind.Op, "{", i)); i++; continue; }
            if (c == '}')
            {
                if (modes.Count == 1) throw Error(source, i, "unexpected '}'");
                var closing = modes.Pop();
                tokens.Add(new Token(closing == Mode.Interpolation ? TokenKind.InterpClose : TokenKind.Op, "}", i));
                i++;
                continue;
            }
            // Longest match among the rules that can start here, as flex does.
            var best = (Kind: TokenKind.End, Length: 0);
            void Try(TokenKind kind, Match m) { if (m.Success && m.Index == i && m.Length > best.Length) best = (kind, m.Length); }
            Try(TokenKind.Id, Identifier().Match(source, i));
            Try(TokenKind.Int, Integer().Match(source, i));
            Try(TokenKind.Float, Float().Match(source, i));
            Try(TokenKind.Path, PathLiteral().Match(source, i));
            Try(TokenKind.Path, HomePath().Match(source, i));
            Try(TokenKind.Path, SearchPath().Match(source, i));
            Try(TokenKind.Uri, Uri().Match(source, i));
            var op = Operators.FirstOrDefault(o => At(source, i, o));
            if (op is not null && op.Length > best.Length) best = (TokenKind.Op, op.Length);
            if (best.Length == 0) throw Error(source, i, $"unexpected character '{c}'");
            var text = source.Substring(i, best.Length);
            if (best.Kind == TokenKind.Path && source.Length > i + best.Length && source[i + best.Length] == '$' && At(source, i + best.Length, "${"))
                throw Error(source, i, "a path with an interpolation (./${…}) is not supported; write it as a string");
            if (best.Kind == TokenKind.Op && text == "${") { tokens.Add(new Token(TokenKind.InterpOpen, text, i)); modes.Push(Mode.Interpolation); }
            else tokens.Add(new Token(best.Kind, text, i));
            i += best.Length;
        }
    }

    private static int LexString(string s, int i, List<Token> tokens, Stack<Mode> modes)
    {
        var text = new StringBuilder();
        var start = i;
        while (true)
        {
            if (i >= s.Length) throw Error(s, start, "unterminated string");
            var c = s[i];
            if (c == '"')
            {
                Flush();
                tokens.Add(new Token(TokenKind.StrClose, "\"", i));
                modes.Pop();
                return i + 1;
            }
            if (c == '\\' && i + 1 < s.Length)
            {
                text.Append(s[i + 1] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var other => other });
                i += 2;
                continue;
            }
            if (c == '$' && At(s, i, "${"))
            {
                Flush();
                tokens.Add(new Token(TokenKind.InterpOpen, "${", i));
                modes.Push(Mode.Interpolation);
                return i + 2;
            }
            // `$${` is a literal `$${`: the first `$` escapes nothing, the second is not followed by `{` as a pair.
            if (c == '$' && At(s, i, "$${")) { text.Append("$${"); i += 3; continue; }
            text.Append(c);
            i++;
        }

        void Flush()
        {
            if (text.Length > 0) tokens.Add(new Token(TokenKind.StrText, text.ToString(), start));
            text.Clear();
        }
    }

    private static int LexIndented(string s, int i, List<Token> tokens, Stack<Mode> modes)
    {
        var text = new StringBuilder();
        var start = i;
        while (true)
        {
            if (i >= s.Length) throw Error(s, start, "unterminated indented string");
            if (At(s, i, "'''")) { Flush(); tokens.Add(new Token(TokenKind.IndText, "''", i, Escaped: true)); i += 3; continue; }
            if (At(s, i, "''$")) { Flush(); tokens.Add(new Token(TokenKind.IndText, "$", i, Escaped: true)); i += 3; continue; }
            if (At(s, i, "''\\") && i + 3 < s.Length)
            {
                Flush();
                tokens.Add(new Token(TokenKind.IndText, (s[i + 3] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var other => other }).ToString(), i, Escaped: true));
                i += 4;
                continue;
            }
            if (At(s, i, "''"))
            {
                Flush();
                tokens.Add(new Token(TokenKind.IndClose, "''", i));
                modes.Pop();
                return i + 2;
            }
            if (At(s, i, "$${")) { text.Append("$${"); i += 3; continue; }
            if (At(s, i, "${"))
            {
                Flush();
                tokens.Add(new Token(TokenKind.InterpOpen, "${", i));
                modes.Push(Mode.Interpolation);
                return i + 2;
            }
            text.Append(s[i]);
            i++;
        }

        void Flush()
        {
            if (text.Length > 0) tokens.Add(new Token(TokenKind.IndText, text.ToString(), start));
            text.Clear();
            start = i;
        }
    }

    private static int SkipTrivia(string s, int i)
    {
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i])) { i++; continue; }
            if (s[i] == '#') { while (i < s.Length && s[i] != '\n') i++; continue; }
            if (At(s, i, "/*"))
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw Error(s, i, "unterminated comment");
                i = end + 2;
                continue;
            }
            break;
        }
        return i;
    }

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    /// <summary>An error at an offset, as line:column.</summary>
    public static NixParseException Error(string source, int offset, string what)
    {
        var line = 1 + source.Take(Math.Min(offset, source.Length)).Count(ch => ch == '\n');
        var column = offset - (source.LastIndexOf('\n', Math.Max(0, Math.Min(offset, source.Length) - 1)) + 1) + 1;
        return new NixParseException($"line {line}, column {column}: {what}");
    }

    [GeneratedRegex(@"\G[a-zA-Z_][a-zA-Z0-9_'\-]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\G[0-9]+")]
    private static partial Regex Integer();

    [GeneratedRegex(@"\G(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?")]
    private static partial Regex Float();

    [GeneratedRegex(@"\G[a-zA-Z0-9._+\-]*(/[a-zA-Z0-9._+\-]+)+/?")]
    private static partial Regex PathLiteral();

    [GeneratedRegex(@"\G~(/[a-zA-Z0-9._+\-]+)+/?")]
    private static partial Regex HomePath();

    [GeneratedRegex(@"\G<[a-zA-Z0-9._+\-]+(/[a-zA-Z0-9._+\-]+)*>")]
    private static partial Regex SearchPath();

    [GeneratedRegex(@"\G[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+")]
    private static partial Regex Uri();
}
