using Conformance.NixDriver.Rendering.Reduction;

namespace Conformance.NixDriver.Reducing;

/// <summary>Says, for each candidate, whether it still shows what the repro must show (one batch: ideally one Nix process per revision).</summary>
public interface IReproOracle
{
    Task<IReadOnlyList<bool>> KeepsAsync(IReadOnlyList<ReproProgram> candidates, CancellationToken cancellationToken);
}

/// <summary>The reducer's result: the smallest program it verified, and whether it is 1-minimal.</summary>
/// <param name="Minimal">True when the last round tried every edit and none kept the output (no single removal keeps it); false when the budget ended the search first.</param>
public sealed record Reduction(ReproProgram Program, bool Minimal, int Rounds, int Evaluated, TimeSpan Elapsed);

/// <summary>
/// C-Reduce/Perses for Nix repros: from a program that shows the behaviour, edits along the
/// grammar (<see cref="ReproEdits"/>) until no single one keeps it. Edits are tried biggest first
/// (the one whose candidate prints shortest: a whole file or binding before what is inside it, as
/// hierarchical delta debugging does), a chunk at a time (one oracle batch,
/// ideally one Nix process); when a chunk holds edits that keep the output, the first k of them
/// are also tried together (for every k, in a second batch) and the largest combination that still
/// shows it is taken. The next chunk continues where the last one stopped, as C-Reduce's passes
/// do, and the search ends when a whole pass over every edit keeps nothing: the program is then
/// 1-minimal. Under a budget: when it ends, the last program the oracle accepted is returned —
/// always a valid repro, never a half-reduced one — and <see cref="Reduction.Minimal"/> says the
/// search did not finish.
/// </summary>
public sealed class ReproReducer(IReproOracle oracle, ReproPremises premises, TimeSpan budget, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Candidates per oracle call.</summary>
    public int ChunkSize { get; init; } = 24;

    /// <summary>Reduces <paramref name="start"/>, which the caller has checked shows the behaviour.</summary>
    public async Task<Reduction> ReduceAsync(ReproProgram start, CancellationToken cancellationToken)
    {
        var began = _clock.GetTimestamp();
        using var deadline = new CancellationTokenSource(budget, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal) { [start.Listing()] = true };
        var current = start;
        var rounds = 0;
        var evaluated = 0;
        var cursor = 0;
        try
        {
            while (true)
            {
                rounds++;
                var singles = Singles(current);
                // One pass over every edit, from the cursor round to it again; a chunk with a success ends it.
                if (cursor >= singles.Count) cursor = 0;
                var pass = singles.Skip(cursor).Concat(singles.Take(cursor)).ToList();
                var improved = false;
                for (var at = 0; at < pass.Count && !improved; at += ChunkSize)
                {
                    var chunk = pass.Skip(at).Take(ChunkSize).ToList();
                    var kept = await TestAsync(chunk.Select(s => (s.Program, s.Text)).ToList(), known, linked.Token);
                    evaluated += kept.Evaluated;
                    var successes = chunk.Where((_, i) => kept.Results[i]).ToList();
                    if (successes.Count == 0) continue;
                    improved = true;
                    current = successes[0].Program;
                    // The next pass starts about where this success was: what came before it kept nothing.
                    cursor = (cursor + at + chunk.IndexOf(successes[0])) % singles.Count;
                    var combined = new List<(ReproProgram Program, string Text)>();
                    for (var k = 2; k <= successes.Count; k++)
                    {
                        var candidate = ReproEdits.Apply(successes[0].Base, successes.Take(k).Select(s => s.Edit));
                        if (premises.HeldBy(candidate)) combined.Add((candidate, candidate.Listing()));
                    }
                    var together = await TestAsync(combined, known, linked.Token);
                    evaluated += together.Evaluated;
                    current = Enumerable.Range(0, combined.Count).Where(i => together.Results[i]).Select(i => combined[i].Program).LastOrDefault() ?? current;
                }
                if (!improved) return Done(minimal: true);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Done(minimal: false);
        }

        Reduction Done(bool minimal) => new(current, minimal, rounds, evaluated, _clock.GetElapsedTime(began));
    }

    /// <summary>Every single edit of a program that leaves a different program holding the premises, the one that removes most text first.</summary>
    private List<(ReproEdit Edit, ReproProgram Base, ReproProgram Program, string Text)> Singles(ReproProgram current)
    {
        var singles = new List<(ReproEdit, ReproProgram, ReproProgram, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { current.Listing() };
        foreach (var edit in ReproEdits.Enumerate(current))
        {
            var candidate = ReproEdits.Apply(current, [edit]);
            var text = candidate.Listing();
            if (!seen.Add(text) || !premises.HeldBy(candidate)) continue;
            singles.Add((edit, current, candidate, text));
        }
        // Stable: among edits removing as much, source order.
        return singles.OrderBy(s => s.Item4.Length).ToList();
    }

    /// <summary>The oracle's answers for candidates, from the cache where it already answered (by printed text).</summary>
    private async Task<(IReadOnlyList<bool> Results, int Evaluated)> TestAsync(IReadOnlyList<(ReproProgram Program, string Text)> candidates,
        Dictionary<string, bool> known, CancellationToken cancellationToken)
    {
        var fresh = candidates.Where(c => !known.ContainsKey(c.Text)).DistinctBy(c => c.Text).ToList();
        if (fresh.Count > 0)
        {
            var answers = await oracle.KeepsAsync(fresh.Select(c => c.Program).ToList(), cancellationToken);
            for (var i = 0; i < fresh.Count; i++) known[fresh[i].Text] = answers[i];
        }
        return (candidates.Select(c => known[c.Text]).ToList(), fresh.Count);
    }
}
