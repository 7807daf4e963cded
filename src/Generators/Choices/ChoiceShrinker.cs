using Conformance.Model.Cases;

namespace Conformance.Generators.Choices;

/// <summary>A value a draw made and the choices that made it, as spans and flat.</summary>
public sealed record Drawn<T>(T Value, ChoiceSpan Tree)
{
    public IReadOnlyList<int> Values { get; } = Tree.Values().ToArray();
}

/// <summary>
/// Shrinking on the choices a draw made, not on the value it built (Hypothesis' internal
/// reduction): every candidate is an edit of the choice tree, replayed through the draw, so it is a
/// value the generator can make — its invariants hold by construction — and it is kept only if its
/// choices are shortlex-smaller than the current ones (<see cref="CaseChoices.Compare"/>), which is
/// what makes shrinking end. Candidates are offered in shortlex order (largest reductions first).
/// The edits:
/// <list type="number">
/// <item>drop items of a list: half of them, then one at a time (the length choice goes down with them);</item>
/// <item>drop an item of collections whose length another choice sets (a count drawn first, then one
/// draw per item — machines and their names, a module pool's kinds, classes, definitions and imports):
/// that choice one lower, the same item gone from each collection it shortens;</item>
/// <item>zero a span: the simplest value the combinator that drew it can make (the first option, an empty list);</item>
/// <item>lower one choice to 0 (its simplest value; a span's other choices are replayed as they were) — not a pick among equals, which would make the value canonical, not smaller.</item>
/// </list>
/// Choices that do not change the value (items a list drew past what the generator keeps, a filter's
/// rejected attempts) are dropped first, for free (<see cref="Normalize"/>): only candidates that
/// change the value cost an evaluation.
/// </summary>
/// <param name="key">The value's identity (two draws with the same key are one candidate).</param>
/// <param name="valid">Whether a replayed value may be offered at all.</param>
public sealed class ChoiceShrinker<T>(Draw<T> draw, int size, Func<T, string> key, Func<T, bool> valid)
{
    /// <summary>The value of <paramref name="choices"/>, with its spans (what every pass edits).</summary>
    public Drawn<T> Replay(IReadOnlyList<int> choices)
    {
        var (value, tree) = Draw.Replay(draw, choices, size);
        return new Drawn<T>(value, tree);
    }

    /// <summary>
    /// The same value from shortlex-smaller choices: every choice that can go down (or be dropped with
    /// its list item) without changing the value does. Costs replays only, no check of the value.
    /// </summary>
    public Drawn<T> Normalize(Drawn<T> current)
    {
        var target = key(current.Value);
        for (var round = 0; round < 4; round++)
        {
            var before = current.Values;
            current = Sweep(current, target, DropListItems);
            current = Sweep(current, target, t => LowerEach(t, picks: true));
            if (CaseChoices.Compare(current.Values, before) == 0) break;
        }
        return current;
    }

    /// <summary>
    /// Candidates for the next step: distinct, valid values other than the current one, each from
    /// choices shortlex-smaller than the current ones, in shortlex order — the shortest choices first,
    /// which puts the largest reductions first (the whole list of one step is built: a replay costs
    /// far less than the evaluation of one candidate, and the order decides how many are evaluated).
    /// </summary>
    public IReadOnlyList<Drawn<T>> Candidates(Drawn<T> current)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { key(current.Value) };
        var candidates = new List<Drawn<T>>();
        foreach (var tree in Edits(current.Tree))
        {
            var drawn = TryReplay(tree);
            if (drawn is null || CaseChoices.Compare(drawn.Values, current.Values) >= 0) continue;
            if (!seen.Add(key(drawn.Value)) || !valid(drawn.Value)) continue;
            candidates.Add(drawn);
        }
        return candidates.OrderBy(d => d.Values, Shortlex).ToList();
    }

    private static readonly IComparer<IReadOnlyList<int>> Shortlex = Comparer<IReadOnlyList<int>>.Create(CaseChoices.Compare);

    private IEnumerable<ChoiceSpan> Edits(ChoiceSpan tree) =>
        DropListItems(tree).Concat(DropCollectionItems(tree)).Concat(ZeroSpans(tree)).Concat(LowerEach(tree, picks: false));

    /// <summary>
    /// Applies a pass's edits that keep the value, each on the result of the last. After an edit is
    /// taken the pass goes on from the same position in the new tree's edits, not from the start, so a
    /// sweep costs about one replay per edit.
    /// </summary>
    private Drawn<T> Sweep(Drawn<T> current, string target, Func<ChoiceSpan, IEnumerable<ChoiceSpan>> pass)
    {
        var position = 0;
        for (var taken = true; taken;)
        {
            taken = false;
            foreach (var tree in pass(current.Tree).Skip(position))
            {
                var drawn = TryReplay(tree);
                if (drawn is not null && CaseChoices.Compare(drawn.Values, current.Values) < 0 && key(drawn.Value) == target)
                {
                    current = drawn;
                    taken = true;
                    break;
                }
                position++;
            }
        }
        return current;
    }

    private Drawn<T>? TryReplay(ChoiceSpan tree)
    {
        try
        {
            var (value, recorded) = Draw.Replay(draw, tree, size);
            return new Drawn<T>(value, recorded);
        }
        catch (ChoiceReplayException)
        {
            return null;
        }
    }

    /// <summary>Pass 1: a list without half its items, then without one item (its length one lower), largest lists first.</summary>
    private static IEnumerable<ChoiceSpan> DropListItems(ChoiceSpan tree)
    {
        foreach (var (path, span) in tree.Spans().Where(s => s.Span.Kind == SpanKind.List && s.Span.Items.Count > 1 && s.Span.Items[0] is Choice)
                     .OrderByDescending(s => s.Span.Length))
        {
            var length = (Choice)span.Items[0];
            var items = span.Items.Skip(1).ToList();
            // Which items stay, by position (two items may be equal: a removal is named by where it was).
            IEnumerable<List<int>> Kept()
            {
                var all = Enumerable.Range(0, items.Count).ToList();
                if (items.Count > 2)
                {
                    yield return all.Take(items.Count / 2).ToList();
                    yield return all.Skip(items.Count / 2).ToList();
                }
                for (var i = items.Count - 1; i >= 0; i--) yield return all.Where(j => j != i).ToList();
            }
            foreach (var kept in Kept())
            {
                var lower = length.Value - (items.Count - kept.Count);
                if (lower < 0) continue;
                var removed = Enumerable.Range(0, items.Count).Except(kept).ToList();
                yield return WithoutDrawnFor(Put(tree, path, span with { Items = [new Choice(lower), .. kept.Select(i => items[i])] }), tree, path, items.Count, removed);
            }
        }
    }

    /// <summary>
    /// Pass 2: collections whose length a choice before them sets (in the same span). Lowering that
    /// choice by one drops their last items; dropping item i of each instead keeps the rest aligned.
    /// Which collections a choice sets is found by replaying it one lower.
    /// </summary>
    private IEnumerable<ChoiceSpan> DropCollectionItems(ChoiceSpan tree)
    {
        foreach (var (path, span) in tree.Spans())
        {
            for (var x = 0; x < span.Items.Count; x++)
            {
                var head = span.Items[x] switch
                {
                    Choice { Value: > 0 } c => (ChoiceNode)new Choice(c.Value - 1),
                    ChoiceSpan { Kind: SpanKind.Frequency, Items: [Choice { Value: > 0 } c, ..] } f => f.With(0, new Choice(c.Value - 1)),
                    _ => null,
                };
                if (head is null) continue;
                var collections = span.Items.Select((n, i) => (i, n)).Skip(x + 1)
                    .Where(t => t.n is ChoiceSpan { Kind: SpanKind.Collection, Items.Count: > 0 }).ToList();
                if (collections.Count == 0) continue;
                var lowered = Put(tree, path, span.With(x, head));
                var drawn = TryReplay(lowered);
                var shortened = drawn is not null && At(drawn.Tree, path) is { } after
                    ? collections.Where(t => after.Items.Count > t.i && after.Items[t.i] is ChoiceSpan s && s.Items.Count == ((ChoiceSpan)t.n).Items.Count - 1).Select(t => t.i).ToList()
                    : [];
                if (shortened.Count == 0) continue;
                // Sublists of the same items (a role's members among the machines) lose the same item,
                // so every other item keeps its choice: found as the sublists one shorter in the replay.
                var sublists = drawn is null ? [] : tree.Spans()
                    .Where(t => t.Span.Kind == SpanKind.SubList && !Inside(t.Path, path, shortened)
                                && At(drawn.Tree, t.Path) is { Kind: SpanKind.SubList } after && after.Items.Count == t.Span.Items.Count - 1)
                    .ToList();
                var count = ((ChoiceSpan)span.Items[shortened[0]]).Items.Count;
                for (var drop = 0; drop < count; drop++)
                {
                    var edited = span.With(x, head);
                    foreach (var i in shortened)
                    {
                        var collection = (ChoiceSpan)span.Items[i];
                        if (collection.Items.Count != count) continue;
                        edited = edited.With(i, collection with { Items = collection.Items.Where((_, j) => j != drop).ToList() });
                    }
                    var candidate = Put(tree, path, edited);
                    foreach (var (subPath, sublist) in sublists)
                        if (drop < sublist.Items.Count)
                        {
                            candidate = candidate.Replace(subPath, sublist with { Items = sublist.Items.Where((_, j) => j != drop).ToList() });
                            // What was drawn per kept item (a role's settings per member) loses the dropped item's
                            // entry too, so each remaining member keeps its own draws instead of its neighbour's.
                            candidate = WithoutDrawnForItem(candidate, tree, subPath, sublist, drop);
                        }
                    yield return candidate;
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="edited"/> with the entries at <paramref name="positions"/> also gone from the
    /// collection drawn per item of the list or sublist at <paramref name="path"/> (a role's settings
    /// per member, an instance's assignment per role name): the first collection after it in the same
    /// span with one entry per item it kept (<paramref name="kept"/>, or one more: a generator may
    /// append an item of its own, a ghost member). Without this the entries stay where they were and
    /// each remaining item replays its neighbour's draws, so dropping any item but the last changed
    /// what the others were, and the failure was lost.
    /// </summary>
    private static ChoiceSpan WithoutDrawnFor(ChoiceSpan edited, ChoiceSpan original, IReadOnlyList<int> path, int kept, IReadOnlyCollection<int> positions)
    {
        if (path.Count == 0 || positions.Count == 0) return edited;
        var parentPath = path.Take(path.Count - 1).ToList();
        if (At(original, parentPath) is not { } parent) return edited;
        for (var i = path[^1] + 1; i < parent.Items.Count; i++)
            if (parent.Items[i] is ChoiceSpan { Kind: SpanKind.Collection } collection && (collection.Items.Count == kept || collection.Items.Count == kept + 1))
                return edited.Replace([.. parentPath, i], collection with { Items = collection.Items.Where((_, j) => !positions.Contains(j)).ToList() });
        return edited;
    }

    /// <summary><see cref="WithoutDrawnFor"/> for item <paramref name="index"/> of a sublist, when the sublist kept it (its choice is 1).</summary>
    private static ChoiceSpan WithoutDrawnForItem(ChoiceSpan edited, ChoiceSpan original, IReadOnlyList<int> subPath, ChoiceSpan sublist, int index) =>
        sublist.Items[index] is Choice { Value: 1 }
            ? WithoutDrawnFor(edited, original, subPath, Kept(sublist), [sublist.Items.Take(index).Count(i => i is Choice { Value: 1 })])
            : edited;

    /// <summary>How many items a sublist keeps (its choices that are 1).</summary>
    private static int Kept(ChoiceSpan sublist) => sublist.Items.Count(i => i is Choice { Value: 1 });

    /// <summary>Whether <paramref name="candidate"/> lies inside one of the <paramref name="items"/> of the span at <paramref name="parent"/>.</summary>
    private static bool Inside(IReadOnlyList<int> candidate, IReadOnlyList<int> parent, IReadOnlyList<int> items) =>
        candidate.Count > parent.Count && parent.Select((p, i) => candidate[i] == p).All(b => b) && items.Contains(candidate[parent.Count]);

    /// <summary>Pass 3: a span replaced by nothing (zeros: the simplest value its combinator draws), largest first.</summary>
    private static IEnumerable<ChoiceSpan> ZeroSpans(ChoiceSpan tree) =>
        tree.Spans().Where(s => s.Path.Count > 0 && s.Span.Values().Any(v => v != 0)).OrderByDescending(s => s.Span.Length)
            .Select(s =>
            {
                // A zeroed list or sublist keeps no item: what was drawn per item goes with them.
                var items = s.Span.Kind switch { SpanKind.SubList => Kept(s.Span), SpanKind.List => s.Span.Items.Count - 1, _ => 0 };
                return WithoutDrawnFor(tree.Replace(s.Path, s.Span with { Items = [] }), tree, s.Path, items, Enumerable.Range(0, Math.Max(0, items)).ToList());
            });

    /// <summary>
    /// Pass 4: each choice to 0, but a pick among equals only where that changes nothing else
    /// (<paramref name="picks"/>: when normalising, which costs no evaluation). Halving and lowering
    /// by one, Hypothesis' next tries, were measured on planted faults: they cost evaluations without
    /// making the shrunk cases smaller.
    /// </summary>
    private static IEnumerable<ChoiceSpan> LowerEach(ChoiceSpan tree, bool picks)
    {
        foreach (var (path, value) in tree.Choices().ToList())
            if (value > 0 && (picks || !IsPick(tree, path)))
            {
                var lowered = tree.Replace(path, new Choice(0));
                // A sublist's item left out: what was drawn for it goes too.
                var parentPath = path.Take(path.Count - 1).ToList();
                yield return At(tree, parentPath) is { Kind: SpanKind.SubList } sublist ? WithoutDrawnForItem(lowered, tree, parentPath, sublist, path[^1]) : lowered;
            }
    }

    private static bool IsPick(ChoiceSpan tree, IReadOnlyList<int> path)
    {
        var node = tree;
        for (var i = 0; i < path.Count - 1; i++) node = (ChoiceSpan)node.Items[path[i]];
        return node.Items[path[^1]] is Choice { Pick: true };
    }

    private static ChoiceSpan Put(ChoiceSpan tree, IReadOnlyList<int> path, ChoiceSpan span) => path.Count == 0 ? span : tree.Replace(path, span);

    private static ChoiceSpan? At(ChoiceSpan tree, IReadOnlyList<int> path)
    {
        var node = tree;
        foreach (var i in path)
        {
            if (i >= node.Items.Count || node.Items[i] is not ChoiceSpan child) return null;
            node = child;
        }
        return node;
    }
}
