using Conformance.Generators;
using Conformance.Runner.Checking;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// Shrinks a failing case — take the first candidate that still fails, repeat — with candidates
/// from <see cref="CaseShrinker"/> (the generator's choices lowered and replayed; structural
/// deletions for a case without choices), but evaluates a step's candidates together (a step costs
/// one or two nix processes, not one per candidate), in chunks so that a step whose first candidates
/// already fail stops early. Before each step the case's choices are normalised, which costs no
/// evaluation (the case stays the same); a change that lost the failure in an earlier step (the
/// same item removed, the same value changed) is offered after the others, since it most likely
/// loses it again. What "still fails" means is the caller's <c>keep</c>
/// predicate (for a cause: the cause is still there and no new one appeared). Like C-Reduce it
/// stops at a fixpoint or when the budget is spent, and the result is always a case that fails,
/// never a half-reduced one.
/// </summary>
internal sealed class BatchShrinker(ICaseChecker checker, Func<CaseResult, CaseResult, bool> keep)
{
    public int MaxSteps { get; init; } = 40;

    /// <summary>
    /// Candidates evaluated together, chunk after chunk until one is kept: small first (candidates
    /// come largest reduction first, so the first few usually hold the next step, and a small batch
    /// answers fast), larger after.
    /// </summary>
    public IReadOnlyList<int> ChunkSizes { get; init; } = [4, 8, 12, 12];

    /// <summary>Receives one line per step (candidates tried, processes, time), for --verbose.</summary>
    public IProgress<string>? Trace { get; init; }

    /// <summary>Candidates considered per step at most.</summary>
    public int CandidatesPerStep { get; init; } = 36;

    /// <summary>When to stop (the case found so far is returned).</summary>
    public DateTimeOffset Deadline { get; init; } = DateTimeOffset.MaxValue;

    /// <param name="Neighbours">At a fixpoint: every one-step reduction of the minimal case, checked (none kept it); empty otherwise.</param>
    /// <param name="Evaluated">Candidates checked (each a case evaluated by Nix).</param>
    /// <param name="Batches">Check calls (each one or two nix processes).</param>
    public sealed record Outcome(CaseResult Minimal, int Steps, bool ReachedFixpoint, IReadOnlyList<CaseResult> Neighbours, int Evaluated = 0, int Batches = 0);

    public async Task<Outcome> ShrinkAsync(CaseResult failing, CancellationToken cancellationToken)
    {
        var current = failing;
        var steps = 0;
        var (evaluated, batches) = (0, 0);
        var lost = new HashSet<string>(StringComparer.Ordinal);
        while (steps < MaxSteps)
        {
            if (DateTimeOffset.UtcNow >= Deadline) return new Outcome(current, steps, false, [], evaluated, batches);
            // The same case from smaller choices: what it showed stands, only its choices change.
            current = current with { Case = CaseShrinker.Normalize(current.Case) };
            // Changes that lost the failure in an earlier step go last: they most likely lose it again.
            var offered = CaseShrinker.Candidates(current.Case).Take(CandidatesPerStep * 3).Select(c => (Case: c, Change: CaseShrinker.Change(current.Case, c))).ToList();
            var candidates = offered.Where(c => !lost.Contains(c.Change)).Concat(offered.Where(c => lost.Contains(c.Change))).Take(CandidatesPerStep)
                .Select((c, i) => (Case: c.Case with { Id = $"{failing.Case.Id}s{steps + 1:D2}x{i + 1:D2}" }, c.Change)).ToList();
            CaseResult? next = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var tried = new List<CaseResult>();
            foreach (var chunk in Chunks(candidates))
            {
                if (DateTimeOffset.UtcNow >= Deadline) return new Outcome(current, steps, false, [], evaluated, batches);
                var results = await checker.CheckAsync(chunk.Select(c => c.Case).ToList(), cancellationToken: cancellationToken);
                (evaluated, batches) = (evaluated + chunk.Count, batches + 1);
                tried.AddRange(results);
                next = results.FirstOrDefault(r => keep(current, r));
                foreach (var (result, change) in results.Zip(chunk.Select(c => c.Change)))
                    if (result != next && change.Length > 0) lost.Add(change);
                if (next is not null) break;
            }
            Trace?.Report($"{failing.Case.Id} step {steps + 1}: {tried.Count}/{candidates.Count} candidate(s) in {clock.Elapsed.TotalSeconds:0.0} s, " +
                          (next is null ? "none kept (fixpoint)" : $"kept {next.Case.Machines.Count} machine(s), {next.Case.Modules.Count} module(s)"));
            // A fixpoint: every candidate was checked and none kept the failure. What they showed
            // instead is what the ledger explains the failure by (LedgerBuilder.Triggers).
            if (next is null) return new Outcome(current, steps, true, tried, evaluated, batches);
            current = next with { Case = next.Case with { Id = failing.Case.Id } };
            steps++;
        }
        return new Outcome(current, steps, false, [], evaluated, batches);
    }

    private IEnumerable<IReadOnlyList<T>> Chunks<T>(IReadOnlyList<T> candidates)
    {
        var start = 0;
        for (var i = 0; start < candidates.Count; i++)
        {
            var size = ChunkSizes[Math.Min(i, ChunkSizes.Count - 1)];
            yield return candidates.Skip(start).Take(size).ToList();
            start += size;
        }
    }
}
