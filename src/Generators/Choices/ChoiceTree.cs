namespace Conformance.Generators.Choices;

/// <summary>
/// What a span of the choice sequence is: the combinator that drew it. The shrinker's passes read
/// the kind to know what an edit means (dropping an element of a <see cref="List"/> also lowers its
/// length, which is the span's first choice).
/// </summary>
public enum SpanKind
{
    /// <summary>The whole draw.</summary>
    Root,

    /// <summary><c>ListOf</c>/<c>NonEmptyListOf</c>: its length (first choice), then one <see cref="Element"/> per item.</summary>
    List,

    /// <summary><c>CollectToList</c>/<c>ArrayOf</c>: one <see cref="Element"/> per item of a length given by data, not by a choice of its own.</summary>
    Collection,

    /// <summary>One item of a list or collection.</summary>
    Element,

    /// <summary><c>Frequency</c>: the option's index (first choice), then what the option drew.</summary>
    Frequency,

    /// <summary><c>SubListOf</c>: one choice per item, 1 = kept.</summary>
    SubList,

    /// <summary><c>Shuffle</c>: the Fisher–Yates swaps, 0 = no swap.</summary>
    Shuffle,

    /// <summary><c>Where</c>: every attempt until one passed the filter.</summary>
    Filter,
}

/// <summary>A node of a recorded draw: a choice, or a span of nodes.</summary>
public abstract record ChoiceNode
{
    /// <summary>The choices under this node, in the order they were drawn.</summary>
    public abstract IEnumerable<int> Values();

    /// <summary>How many choices are under this node.</summary>
    public abstract int Length { get; }
}

/// <summary>One bounded integer choice: 0 is the simplest value (the first option, the shortest list, no swap).</summary>
/// <param name="Pick">
/// A pick among equals (<c>Elements</c> of names, values, systems): lowering it makes the value
/// canonical, not smaller, so the shrinker spends no evaluation on it alone (a zeroed span still does).
/// </param>
public sealed record Choice(int Value, bool Pick = false) : ChoiceNode
{
    public override IEnumerable<int> Values() { yield return Value; }

    public override int Length => 1;
}

/// <summary>
/// The choices one combinator drew, nested as the combinators were (Hypothesis' "spans"). The
/// shrinker edits spans — drops an element, zeroes a span, lowers a choice — and the structured
/// replay keeps every other span aligned with the choices it drew before.
/// </summary>
public sealed record ChoiceSpan(SpanKind Kind, IReadOnlyList<ChoiceNode> Items) : ChoiceNode
{
    private readonly int _length = Items.Sum(i => i.Length);

    public override IEnumerable<int> Values() => Items.SelectMany(i => i.Values());

    public override int Length => _length;

    /// <summary>The items that are spans, with their index among <see cref="Items"/>.</summary>
    public IEnumerable<(int Index, ChoiceSpan Span)> Children() =>
        Items.Select((n, i) => (i, n as ChoiceSpan)).Where(x => x.Item2 is not null).Select(x => (x.i, x.Item2!));

    /// <summary>A copy with item <paramref name="index"/> replaced.</summary>
    public ChoiceSpan With(int index, ChoiceNode item) => this with { Items = Items.Select((n, i) => i == index ? item : n).ToList() };

    /// <summary>A copy of the tree with the node at <paramref name="path"/> (item indices from this span down) replaced.</summary>
    public ChoiceSpan Replace(IReadOnlyList<int> path, ChoiceNode replacement, int depth = 0) =>
        depth == path.Count - 1
            ? With(path[depth], replacement)
            : With(path[depth], ((ChoiceSpan)Items[path[depth]]).Replace(path, replacement, depth + 1));

    /// <summary>Every span of the tree with its path, this one first (pre-order).</summary>
    public IEnumerable<(IReadOnlyList<int> Path, ChoiceSpan Span)> Spans(IReadOnlyList<int>? prefix = null)
    {
        prefix ??= [];
        yield return (prefix, this);
        foreach (var (index, child) in Children())
            foreach (var nested in child.Spans([.. prefix, index]))
                yield return nested;
    }

    /// <summary>Every choice of the tree with its path, in drawing order.</summary>
    public IEnumerable<(IReadOnlyList<int> Path, int Value)> Choices(IReadOnlyList<int>? prefix = null)
    {
        prefix ??= [];
        for (var i = 0; i < Items.Count; i++)
        {
            switch (Items[i])
            {
                case Choice c:
                    yield return ([.. prefix, i], c.Value);
                    break;
                case ChoiceSpan s:
                    foreach (var nested in s.Choices([.. prefix, i])) yield return nested;
                    break;
            }
        }
    }
}
