using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators.Choices;

/// <summary>
/// A generator over a choice sequence (Hypothesis' internal reduction, MacIver and Donaldson,
/// ECOOP 2020): every random decision is a bounded integer choice, 0 the simplest, recorded as it
/// is made; replaying the choices gives the same value, and replaying smaller choices gives a
/// smaller value, so shrinking needs no code of the generator's own (<see cref="ChoiceShrinker"/>).
/// <para>
/// A draw runs two ways. Fresh (<see cref="Draw.Generate{T}"/>, FsCheck arbitraries) it is an FsCheck
/// generator: each combinator takes its randomness exactly as FsCheck's combinator of the same name
/// does, so the same seed, size and index give the same case as before choices were recorded, and
/// the distribution is FsCheck's. Replayed (<see cref="Draw.Replay{T}"/>) it reads the choices.
/// The combinators mirror FsCheck's Gen (Choose, Elements, Frequency, ListOf, SubListOf, Select,
/// SelectMany, Where, Sized, Resize…), so generator code keeps its shape.
/// </para>
/// </summary>
public sealed class Draw<T>
{
    private readonly Func<ChoiceReader, int, T> _replay;
    private readonly Func<ChoiceLog, Gen<T>> _fresh;

    internal Draw(Func<ChoiceReader, int, T> replay, Func<ChoiceLog, Gen<T>> fresh)
    {
        _replay = replay;
        _fresh = fresh;
    }

    internal T Replay(ChoiceReader reader, int size) => _replay(reader, size);

    /// <summary>The FsCheck generator that draws fresh choices, logging them in drawing order.</summary>
    internal Gen<T> Fresh(ChoiceLog log) => _fresh(log);

    public Draw<TResult> Select<TResult>(Func<T, TResult> selector) =>
        new((r, s) => selector(Replay(r, s)), log => Fresh(log).Select(selector));

    public Draw<TResult> SelectMany<TResult>(Func<T, Draw<TResult>> selector) =>
        new((r, s) => selector(Replay(r, s)).Replay(r, s), log => Fresh(log).SelectMany(a => selector(a).Fresh(log)));

    public Draw<TResult> SelectMany<TNext, TResult>(Func<T, Draw<TNext>> selector, Func<T, TNext, TResult> result) =>
        new((r, s) =>
        {
            var a = Replay(r, s);
            return result(a, selector(a).Replay(r, s));
        }, log => Fresh(log).SelectMany(a => selector(a).Fresh(log), result));

    /// <summary>
    /// Values that satisfy <paramref name="predicate"/>, retried as FsCheck's <c>Where</c> retries
    /// (sizes 2k+s, then the size one larger, …). A replay whose choices never pass is abandoned.
    /// </summary>
    public Draw<T> Where(Func<T, bool> predicate) =>
        new((r, size) =>
        {
            r.Begin(SpanKind.Filter);
            for (var n = size; n < size + MaxFilterRounds; n++)
            {
                var s = Math.Max(1, n);
                for (var k = 0; s > 0; k++, s--)
                {
                    var x = Replay(r, 2 * k + s);
                    if (predicate(x))
                    {
                        r.End();
                        return x;
                    }
                }
            }
            throw new ChoiceReplayException($"no value passed the filter in {MaxFilterRounds} rounds");
        }, log => Fresh(log).Where(predicate));

    /// <summary>Rounds of a filter's retries before a replay gives up (a fresh draw, like FsCheck's, keeps trying).</summary>
    private const int MaxFilterRounds = 50;

    public Draw<T> Resize(int size) => new((r, _) => Replay(r, size), log => Fresh(log).Resize(size));

    /// <summary>Lists of 0 to size items (FsCheck's ListOf: a length, then each item at its share of the size).</summary>
    public Draw<List<T>> ListOf() => Choices.Draw.Sequence(this, nonEmpty: false);

    /// <summary>Lists of 1 to size items.</summary>
    public Draw<List<T>> NonEmptyListOf() => Choices.Draw.Sequence(this, nonEmpty: true);

    /// <summary>Arrays of exactly <paramref name="length"/> items.</summary>
    public Draw<T[]> ArrayOf(int length)
    {
        Draw<List<T>> items = Choices.Draw.CollectToList(Enumerable.Range(0, length), _ => this);
        return items.Select<T[]>(l => l.ToArray());
    }
}
