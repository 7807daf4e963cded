using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators.Choices;

/// <summary>
/// The combinators of <see cref="Draw{T}"/>, named and shaped as FsCheck's <c>Gen</c>. Each one's
/// fresh form takes FsCheck's randomness exactly as FsCheck's combinator does (so cases do not
/// change), and each records one choice per decision, 0 the simplest: an element's index, an
/// option's index (the first option listed is the simplest), a list's length, a kept item.
/// </summary>
public static class Draw
{
    public static Draw<T> Constant<T>(T value) => new((_, _) => value, _ => Gen.Constant(value));

    /// <summary>An integer in [<paramref name="low"/>, <paramref name="high"/>]; the choice is the distance from <paramref name="low"/>.</summary>
    public static Draw<int> Choose(int low, int high) =>
        new((r, _) => low + r.Draw(high - low), log => Gen.Choose(low, high).Select(v =>
        {
            log.Add(v - low);
            return v;
        }));

    /// <summary>One of <paramref name="items"/>, uniformly; the choice is its index (the first is the simplest).</summary>
    public static Draw<T> Elements<T>(params T[] items) => Elements((IReadOnlyList<T>)items);

    public static Draw<T> Elements<T>(IReadOnlyList<T> items) => Elements(Enumerable.Range(0, items.Count).ToArray(), items);

    /// <summary>
    /// One of <paramref name="items"/>, uniformly, where the simplest is not the first listed (the
    /// listing order is FsCheck's, which the same seed must keep): <paramref name="simplestFirst"/>
    /// lists the items' indices from the simplest, and the choice is a position in that order.
    /// </summary>
    public static Draw<T> Elements<T>(int[] simplestFirst, IReadOnlyList<T> items)
    {
        if (items.Count == 0) throw new ArgumentException("Elements needs at least one item", nameof(items));
        var rank = Ranks(simplestFirst, items.Count);
        // Booleans and numbers are features and counts (a readme or not, one service or two); other items are picks among equals.
        var pick = typeof(T) != typeof(bool) && typeof(T) != typeof(int);
        return new((r, _) => items[simplestFirst[r.Draw(items.Count - 1, pick)]], log => Gen.Choose(0, items.Count - 1).Select(i =>
        {
            log.Add(rank[i]);
            return items[i];
        }));
    }

    /// <summary>
    /// One of the options, with probability proportional to its weight; zero weights are skipped
    /// (a profile without some mistake). The choice is the option's index among the others, so list
    /// the simplest option first: shrinking lowers choices towards it.
    /// </summary>
    public static Draw<T> Frequency<T>(params (int Weight, Draw<T> Draw)[] options) => Frequency(Enumerable.Range(0, options.Length).ToArray(), options);

    public static Draw<T> Frequency<T>(IEnumerable<(int Weight, Draw<T> Draw)> options) => Frequency(options.ToArray());

    /// <summary>
    /// <see cref="Frequency{T}(ValueTuple{int, Draw{T}}[])"/> where the simplest option is not the
    /// most likely one listed first (the listing order is FsCheck's, which the same seed must keep):
    /// <paramref name="simplestFirst"/> lists the options' indices from the simplest, and the choice
    /// is a position in that order among the options with a weight.
    /// </summary>
    public static Draw<T> Frequency<T>(int[] simplestFirst, params (int Weight, Draw<T> Draw)[] options)
    {
        Ranks(simplestFirst, options.Length);
        var kept = Enumerable.Range(0, options.Length).Where(i => options[i].Weight > 0).ToArray();
        if (kept.Length == 0) throw new ArgumentException("Frequency needs an option with a positive weight", nameof(options));
        var total = kept.Sum(i => options[i].Weight);
        // The options with a weight, simplest first; a choice is a position in this list.
        var simplest = simplestFirst.Where(i => options[i].Weight > 0).ToArray();
        return new((r, size) =>
        {
            r.Begin(SpanKind.Frequency);
            var value = options[simplest[r.Draw(simplest.Length - 1)]].Draw.Replay(r, size);
            r.End();
            return value;
        }, log => Gen.Choose(1, total).SelectMany(n =>
        {
            // FsCheck's pick: the first option (in listing order) whose cumulative weight reaches n.
            var k = 0;
            while (n > options[kept[k]].Weight) n -= options[kept[k++]].Weight;
            log.Add(Array.IndexOf(simplest, kept[k]));
            return options[kept[k]].Draw.Fresh(log);
        }));
    }

    public static Draw<T> Frequency<T>(int[] simplestFirst, IEnumerable<(int Weight, Draw<T> Draw)> options) => Frequency(simplestFirst, options.ToArray());

    /// <summary>Each index's position in <paramref name="simplestFirst"/>, which must list every index once.</summary>
    private static int[] Ranks(int[] simplestFirst, int count)
    {
        if (simplestFirst.Length != count || simplestFirst.Order().Where((v, i) => v != i).Any())
            throw new ArgumentException($"the simplicity order must list each of the {count} indices once", nameof(simplestFirst));
        var rank = new int[count];
        for (var i = 0; i < count; i++) rank[simplestFirst[i]] = i;
        return rank;
    }

    /// <summary>One draw per item of <paramref name="source"/>, in order.</summary>
    public static Draw<List<TResult>> CollectToList<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, Draw<TResult>> draw)
    {
        var items = source.ToList();
        return new((r, size) =>
        {
            r.Begin(SpanKind.Collection);
            var list = new List<TResult>(items.Count);
            foreach (var item in items)
            {
                r.Begin(SpanKind.Element);
                list.Add(draw(item).Replay(r, size));
                r.End();
            }
            r.End();
            return list;
        }, log => FreshAll(items.Select(i => (Func<Gen<TResult>>)(() => draw(i).Fresh(log))).ToList()));
    }

    /// <summary>Some of <paramref name="items"/>, in their order, each kept with probability 1/2; the choice per item is 1 when kept.</summary>
    public static Draw<List<T>> SubListOf<T>(params T[] items) => SubListOf((IReadOnlyList<T>)items);

    public static Draw<List<T>> SubListOf<T>(IReadOnlyList<T> items) =>
        new((r, _) =>
        {
            r.Begin(SpanKind.SubList);
            var kept = items.Where(_ => r.Draw(1) == 1).ToList();
            r.End();
            return kept;
        }, log => FreshAll(items.Select(_ => (Func<Gen<int>>)(() => Gen.Choose(0, 1).Select(b =>
        {
            log.Add(b);
            return b;
        }))).ToList()).Select(bits => items.Where((_, i) => bits[i] == 1).ToList()));

    /// <summary>A permutation of <paramref name="items"/> (Fisher–Yates, FsCheck's); each choice is how far the swap reaches, 0 = none, so zeros keep the order.</summary>
    public static Draw<T[]> Shuffle<T>(params T[] items) =>
        new((r, _) =>
        {
            r.Begin(SpanKind.Shuffle);
            var targets = Enumerable.Range(0, Math.Max(0, items.Length - 1)).Select(i => i + r.Draw(items.Length - 1 - i)).ToArray();
            r.End();
            return Swapped(items, targets);
        }, log => FreshAll(Enumerable.Range(0, Math.Max(0, items.Length - 1)).Select(i => (Func<Gen<int>>)(() => Gen.Choose(i, items.Length - 1).Select(j =>
        {
            log.Add(j - i);
            return j;
        }))).ToList()).Select(targets => Swapped(items, targets.ToArray())));

    /// <summary>A draw that depends on the size (FsCheck's Sized).</summary>
    public static Draw<T> Sized<T>(Func<int, Draw<T>> draw) => new((r, size) => draw(size).Replay(r, size), log => Gen.Sized(n => draw(n).Fresh(log)));

    public static Draw<List<T>> ListOf<T>(Draw<T> item) => item.ListOf();

    public static Draw<List<T>> NonEmptyListOf<T>(Draw<T> item) => item.NonEmptyListOf();

    /// <summary>
    /// FsCheck's ListOf/NonEmptyListOf: a length k in [0, size] (or [1, max(1, size)]), then k items
    /// whose sizes add up to the size. Recorded as the length, then per item its size and its choices,
    /// so dropping an item is dropping its span and lowering the length.
    /// </summary>
    internal static Draw<List<T>> Sequence<T>(Draw<T> item, bool nonEmpty) =>
        new((r, n) =>
        {
            r.Begin(SpanKind.List);
            var count = nonEmpty ? 1 + r.Draw(Math.Max(1, n) - 1) : r.Draw(n);
            var list = new List<T>(count);
            for (var i = 0; i < count; i++)
            {
                r.Begin(SpanKind.Element);
                list.Add(item.Replay(r, r.Draw(n)));
                r.End();
            }
            r.End();
            return list;
        }, log => Gen.Sized(n => Gen.Choose(nonEmpty ? 1 : 0, nonEmpty ? Math.Max(1, n) : n).SelectMany(count =>
        {
            log.Add(nonEmpty ? count - 1 : count);
            return Gen.Piles(count, n).SelectMany(sizes => FreshAll(sizes.Select(s => (Func<Gen<T>>)(() =>
            {
                log.Add(s);
                return item.Fresh(log).Resize(s);
            })).ToList()));
        })));

    /// <summary>
    /// A fresh value and the choices that make it: FsCheck's <c>Sample(1, rnd, size)</c> of the
    /// draw, so the value is what FsCheck would have generated from that seed.
    /// </summary>
    public static (T Value, IReadOnlyList<int> Choices) Generate<T>(Draw<T> draw, Rnd rnd, int size)
    {
        var log = new ChoiceLog();
        var value = draw.Fresh(log).Sample(1, rnd, size).Single();
        return (value, log.Values.ToArray());
    }

    /// <summary>An FsCheck generator of the draw's values, each handed to <paramref name="attach"/> with its choices and size (to carry them).</summary>
    public static Gen<T> ToGen<T>(Draw<T> draw, Func<T, IReadOnlyList<int>, int, T> attach) =>
        Gen.Sized(size =>
        {
            var log = new ChoiceLog();
            return draw.Fresh(log).Select(v => attach(v, log.Values.ToArray(), size));
        });

    /// <summary>The value the choices make (zeros past their end) and the choices as spans; <see cref="ChoiceReplayException"/> when they make none.</summary>
    public static (T Value, ChoiceSpan Tree) Replay<T>(Draw<T> draw, IReadOnlyList<int> choices, int size) => Run(draw, new SequenceReader(choices), size);

    /// <summary>The value a (possibly edited) tree of choices makes, replayed span by span, and the choices it actually took.</summary>
    public static (T Value, ChoiceSpan Tree) Replay<T>(Draw<T> draw, ChoiceSpan tree, int size) => Run(draw, new TreeReader(tree), size);

    private static (T, ChoiceSpan) Run<T>(Draw<T> draw, ChoiceReader reader, int size)
    {
        var value = draw.Replay(reader, size);
        return (value, reader.Recorded());
    }

    /// <summary>
    /// Runs the generators one after the other, as FsCheck's sequence does (each takes the randomness
    /// the previous left), each built when it runs (so its choices are logged in drawing order) and
    /// into a list of its own per run (a filter reruns a generator).
    /// </summary>
    private static Gen<List<T>> FreshAll<T>(IReadOnlyList<Func<Gen<T>>> gens) => Gen.Constant(0).SelectMany(_ => FreshFrom(gens, 0, new List<T>(gens.Count)));

    private static Gen<List<T>> FreshFrom<T>(IReadOnlyList<Func<Gen<T>>> gens, int index, List<T> acc) =>
        index == gens.Count
            ? Gen.Constant(acc)
            : Gen.Constant(0).SelectMany(_ => gens[index]()).SelectMany(v =>
            {
                acc.Add(v);
                return FreshFrom(gens, index + 1, acc);
            });

    private static T[] Swapped<T>(T[] items, int[] targets)
    {
        var result = items.ToArray();
        for (var i = 0; i < targets.Length; i++) (result[i], result[targets[i]]) = (result[targets[i]], result[i]);
        return result;
    }
}
