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
/// grammar (<see cref="ReproEdits"/>) until no single one keeps it. Each round tests every edit of
/// the current program in one batch, then the successful ones cumulatively (the first k together,
/// for every k) in a second batch, and moves to the largest combination that still shows it: few
/// rounds, two batches each, however many edits. Under a budget: when it ends, the last program
/// the oracle accepted is returned — always a valid repro, never a half-reduced one — and
/// <see cref="Reduction.Minimal"/> says the search did not finish.
/// </summary>
public sealed class ReproReducer(IReproOracle oracle, ReproPremises premises, TimeSpan budget, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

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
        try
        {
            while (true)
            {
                rounds++;
                var edits = ReproEdits.Enumerate(current);
                var singles = new List<(ReproEdit Edit, ReproProgram Program, string Text)>();
                var seen = new HashSet<string>(StringComparer.Ordinal) { current.Listing() };
                foreach (var edit in edits)
                {
                    var candidate = ReproEdits.Apply(current, [edit]);
                    var text = candidate.Listing();
                    if (!seen.Add(text) || !premises.HeldBy(candidate)) continue;
                    singles.Add((edit, candidate, text));
                }
                var kept = await TestAsync(singles.Select(s => (s.Program, s.Text)).ToList(), known, linked.Token);
                evaluated += kept.Evaluated;
                var successes = singles.Where((_, i) => kept.Results[i]).ToList();
                if (successes.Count == 0) return Done(minimal: true);
                current = successes[0].Program;
                // The first k successful edits together, for k = 2…n: the largest that still shows it wins.
                var combined = new List<(ReproProgram Program, string Text)>();
                for (var k = 2; k <= successes.Count; k++)
                {
                    var candidate = ReproEdits.Apply(current, successes.Take(k).Select(s => s.Edit));
                    if (premises.HeldBy(candidate)) combined.Add((candidate, candidate.Listing()));
                }
                var together = await TestAsync(combined, known, linked.Token);
                evaluated += together.Evaluated;
                current = Enumerable.Range(0, combined.Count).Where(i => together.Results[i]).Select(i => combined[i].Program).LastOrDefault() ?? current;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Done(minimal: false);
        }

        Reduction Done(bool minimal) => new(current, minimal, rounds, evaluated, _clock.GetElapsedTime(began));
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
