namespace Conformance.Generators.Choices;

/// <summary>
/// Where a replayed draw takes its choices from (Hypothesis' ConjectureData). Every reader records
/// what it handed out, as a tree of spans, so the result of any replay is itself a choice sequence
/// that replays to the same value.
/// </summary>
internal abstract class ChoiceReader
{
    private readonly Stack<(SpanKind Kind, List<ChoiceNode> Items)> _open = new([(SpanKind.Root, [])]);

    /// <summary>Choices handed out so far; a replay that draws more than this many is abandoned (a filter that never passes).</summary>
    public int Drawn { get; private set; }

    /// <summary>The most choices one replay may draw: far beyond any generator here (a clan draws a few thousand at size 100).</summary>
    public const int Limit = 200_000;

    /// <summary>A choice in [0, <paramref name="max"/>]: what the source holds, lowered to <paramref name="max"/> when above it.</summary>
    public int Draw(int max, bool pick = false)
    {
        if (++Drawn > Limit) throw new ChoiceReplayException($"the draw took more than {Limit} choices");
        var value = Math.Clamp(Next(), 0, Math.Max(0, max));
        _open.Peek().Items.Add(new Choice(value, pick));
        return value;
    }

    public void Begin(SpanKind kind)
    {
        Enter();
        _open.Push((kind, []));
    }

    public void End()
    {
        Leave();
        var (kind, items) = _open.Pop();
        _open.Peek().Items.Add(new ChoiceSpan(kind, items));
    }

    /// <summary>What was drawn, as a tree (call once the draw is done).</summary>
    public ChoiceSpan Recorded() => new(SpanKind.Root, _open.Single().Items.ToList());

    protected abstract int Next();

    protected virtual void Enter() { }

    protected virtual void Leave() { }
}

/// <summary>Replays a flat sequence in order, zeros past its end (a prefix replays to the simplest completion).</summary>
internal sealed class SequenceReader(IReadOnlyList<int> values) : ChoiceReader
{
    private int _position;

    protected override int Next() => _position < values.Count ? values[_position++] : 0;
}

/// <summary>
/// Replays a recorded tree span by span: the n-th span a draw opens inside a span takes the n-th
/// span recorded there, whatever the spans before it drew. A span that draws fewer choices than were
/// recorded leaves the rest unread; one that draws more gets zeros, never its neighbour's choices.
/// So an edit inside one span (an element dropped, a choice lowered) leaves every other span's
/// choices where they were — the alignment Hypothesis keeps by replaying spans, not positions.
/// </summary>
internal sealed class TreeReader : ChoiceReader
{
    private readonly Stack<(ChoiceSpan? Span, int Position)> _frames = new();

    public TreeReader(ChoiceSpan root) => _frames.Push((root, 0));

    protected override int Next()
    {
        var (span, position) = _frames.Pop();
        var value = 0;
        // A choice where a span was recorded is read as 0 and the span stays for the next Begin.
        if (span is not null && position < span.Items.Count && span.Items[position] is Choice c)
        {
            value = c.Value;
            position++;
        }
        _frames.Push((span, position));
        return value;
    }

    protected override void Enter()
    {
        var (span, position) = _frames.Pop();
        ChoiceSpan? next = null;
        if (span is not null && position < span.Items.Count && span.Items[position] is ChoiceSpan s)
        {
            next = s;
            position++;
        }
        _frames.Push((span, position));
        _frames.Push((next, 0));
    }

    protected override void Leave() => _frames.Pop();
}

/// <summary>The choices a fresh draw made, in order (no spans: replaying them records the spans).</summary>
internal sealed class ChoiceLog
{
    private readonly List<int> _values = [];

    public void Add(int value) => _values.Add(value);

    public IReadOnlyList<int> Values => _values;
}

/// <summary>A replay that cannot give a value (a filter that never passes on these choices): the candidate is invalid.</summary>
public sealed class ChoiceReplayException(string message) : Exception(message);
