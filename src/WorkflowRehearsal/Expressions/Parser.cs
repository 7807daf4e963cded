using System.Globalization;
using System.Text;

namespace Conformance.WorkflowRehearsal.Expressions;

/// <summary>
/// A recursive-descent parser for the expression grammar, by precedence from low to high:
/// <c>||</c>, <c>&amp;&amp;</c>, <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>!</c>, then primaries
/// (literal, parenthesised, context access, function call) followed by <c>.name</c> or <c>[index]</c>.
/// </summary>
internal sealed class Parser(string text)
{
    private int _at;

    public Node ParseAll()
    {
        var node = Or();
        Skip();
        if (_at < text.Length) throw Error($"unexpected '{text[_at..]}'");
        return node;
    }

    private Node Or()
    {
        var left = And();
        while (Eat("||")) left = new Binary("||", left, And());
        return left;
    }

    private Node And()
    {
        var left = Equality();
        while (Eat("&&")) left = new Binary("&&", left, Equality());
        return left;
    }

    private Node Equality()
    {
        var left = Relation();
        while (true)
        {
            if (Eat("==")) left = new Binary("==", left, Relation());
            else if (Eat("!=")) left = new Binary("!=", left, Relation());
            else return left;
        }
    }

    private Node Relation()
    {
        var left = Unary();
        while (true)
        {
            string? op = Eat("<=") ? "<=" : Eat(">=") ? ">=" : Eat("<") ? "<" : Eat(">") ? ">" : null;
            if (op is null) return left;
            left = new Binary(op, left, Unary());
        }
    }

    private Node Unary() => Eat("!") ? new Not(Unary()) : Postfix(Primary());

    private Node Postfix(Node node)
    {
        while (true)
        {
            if (Eat("."))
            {
                if (Eat("*")) throw Error("the object filter '.*' is not supported by the rehearsal");
                node = new Member(node, new Literal(Identifier()));
            }
            else if (Eat("["))
            {
                var index = Or();
                if (!Eat("]")) throw Error("expected ']'");
                node = new Member(node, index);
            }
            else return node;
        }
    }

    private Node Primary()
    {
        Skip();
        if (_at >= text.Length) throw Error("unexpected end");
        var c = text[_at];
        if (c == '(')
        {
            _at++;
            var inner = Or();
            if (!Eat(")")) throw Error("expected ')'");
            return inner;
        }
        if (c == '\'') return new Literal(StringLiteral());
        if (char.IsDigit(c) || c == '-' || c == '.') return new Literal(Number());
        var name = Identifier();
        switch (name)
        {
            case "true": return new Literal(true);
            case "false": return new Literal(false);
            case "null": return new Literal(null);
        }
        Skip();
        if (_at < text.Length && text[_at] == '(')
        {
            _at++;
            var args = new List<Node>();
            Skip();
            if (!Eat(")"))
            {
                do args.Add(Or()); while (Eat(","));
                if (!Eat(")")) throw Error($"expected ')' after the arguments of {name}");
            }
            return new Call(name, args);
        }
        return new ContextRef(name);
    }

    private string Identifier()
    {
        Skip();
        var start = _at;
        while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '-')) _at++;
        if (start == _at) throw Error("expected a name");
        return text[start.._at];
    }

    private string StringLiteral()
    {
        var result = new StringBuilder();
        _at++;
        while (true)
        {
            if (_at >= text.Length) throw Error("unterminated string");
            if (text[_at] == '\'')
            {
                if (_at + 1 < text.Length && text[_at + 1] == '\'') { result.Append('\''); _at += 2; continue; }
                _at++;
                return result.ToString();
            }
            result.Append(text[_at++]);
        }
    }

    private double Number()
    {
        var start = _at;
        if (text[_at] == '-') _at++;
        while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '.' or '+' or '-' && text[_at - 1] is 'e' or 'E')) _at++;
        var token = text[start.._at];
        var value = Expression.ToNumber(token);
        if (double.IsNaN(value)) throw Error($"'{token}' is not a number");
        return value;
    }

    private bool Eat(string token)
    {
        Skip();
        if (string.CompareOrdinal(text, _at, token, 0, token.Length) != 0) return false;
        // '!' must not eat the '!' of '!='; '<' not the '<' of '<='.
        if (token is "!" or "<" or ">" && _at + 1 < text.Length && text[_at + 1] == '=') return false;
        _at += token.Length;
        return true;
    }

    private void Skip()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
    }

    private ExpressionException Error(string what) => new($"${{{{ {text.Trim()} }}}}: {what} (at {_at})");
}

internal abstract record Node
{
    public abstract object? Evaluate(ExpressionContext context);
    public virtual IEnumerable<string> Calls() => [];
}

internal sealed record Literal(object? Value) : Node
{
    public override object? Evaluate(ExpressionContext context) => Value;
}

internal sealed record ContextRef(string Name) : Node
{
    public override object? Evaluate(ExpressionContext context) =>
        context.Contexts.TryGetValue(Name, out var value) ? value
        : throw new ExpressionException($"the context '{Name}' is not available here (available: {string.Join(", ", context.Contexts.Keys)})");
}

internal sealed record Member(Node Target, Node Key) : Node
{
    public override object? Evaluate(ExpressionContext context)
    {
        var target = Target.Evaluate(context);
        var key = Key.Evaluate(context);
        return target switch
        {
            IDictionary<string, object?> map => map.TryGetValue(Expression.ToText(key), out var v) ? v : null,
            IList<object?> list when key is double d && d >= 0 && d < list.Count && d == Math.Floor(d) => list[(int)d],
            _ => null,
        };
    }

    public override IEnumerable<string> Calls() => Target.Calls().Concat(Key.Calls());
}

internal sealed record Not(Node Operand) : Node
{
    public override object? Evaluate(ExpressionContext context) => !Expression.IsTruthy(Operand.Evaluate(context));
    public override IEnumerable<string> Calls() => Operand.Calls();
}

internal sealed record Binary(string Op, Node Left, Node Right) : Node
{
    public override object? Evaluate(ExpressionContext context)
    {
        var left = Left.Evaluate(context);
        switch (Op)
        {
            case "&&": return Expression.IsTruthy(left) ? Right.Evaluate(context) : left;
            case "||": return Expression.IsTruthy(left) ? left : Right.Evaluate(context);
        }
        var right = Right.Evaluate(context);
        return Op switch
        {
            "==" => Expression.LooseEquals(left, right),
            "!=" => !Expression.LooseEquals(left, right),
            "<" => Expression.Compare(left, right) is < 0,
            "<=" => Expression.Compare(left, right) is <= 0,
            ">" => Expression.Compare(left, right) is > 0,
            ">=" => Expression.Compare(left, right) is >= 0,
            _ => throw new ExpressionException($"operator {Op}"),
        };
    }

    public override IEnumerable<string> Calls() => Left.Calls().Concat(Right.Calls());
}

internal sealed record Call(string Name, IReadOnlyList<Node> Args) : Node
{
    public override IEnumerable<string> Calls() => Args.SelectMany(a => a.Calls()).Prepend(Name);

    public override object? Evaluate(ExpressionContext context)
    {
        var args = Args.Select(a => a.Evaluate(context)).ToList();
        string Text(int i) => Expression.ToText(args[i]);
        void Arity(int min, int max)
        {
            if (args.Count < min || args.Count > max) throw new ExpressionException($"{Name}() takes {min}{(max > min ? $"..{max}" : "")} argument(s), got {args.Count}");
        }
        switch (Name.ToLowerInvariant())
        {
            case "success": Arity(0, 0); return !context.Failed && !context.Cancelled;
            case "failure": Arity(0, 0); return context.Failed && !context.Cancelled;
            case "cancelled": Arity(0, 0); return context.Cancelled;
            case "always": Arity(0, 0); return true;
            case "contains":
                Arity(2, 2);
                return args[0] is IList<object?> list
                    ? list.Any(item => Expression.LooseEquals(item, args[1]))
                    : Text(0).Contains(Text(1), StringComparison.OrdinalIgnoreCase);
            case "startswith": Arity(2, 2); return Text(0).StartsWith(Text(1), StringComparison.OrdinalIgnoreCase);
            case "endswith": Arity(2, 2); return Text(0).EndsWith(Text(1), StringComparison.OrdinalIgnoreCase);
            case "format":
                Arity(1, 100);
                return Format(Text(0), args.Skip(1).Select(Expression.ToText).ToList());
            case "join":
                Arity(1, 2);
                var separator = args.Count > 1 ? Text(1) : ",";
                return args[0] is IList<object?> items ? string.Join(separator, items.Select(Expression.ToText)) : Text(0);
            case "tojson": Arity(1, 1); return Expression.ToJson(args[0]);
            case "fromjson": Arity(1, 1); return Expression.FromJson(Text(0));
            case "hashfiles":
                Arity(1, 100);
                return (context.HashFiles ?? throw new ExpressionException("hashFiles() is not available here"))(args.Select(Expression.ToText).ToList());
            default:
                throw new ExpressionException($"the function {Name}() is not supported by the rehearsal");
        }
    }

    private static string Format(string format, IReadOnlyList<string> values)
    {
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { result.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { result.Append('}'); i++; continue; }
            if (c == '{')
            {
                var end = format.IndexOf('}', i);
                if (end < 0 || !int.TryParse(format[(i + 1)..end], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n >= values.Count)
                    throw new ExpressionException($"format('{format}'): invalid placeholder");
                result.Append(values[n]);
                i = end;
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }
}
