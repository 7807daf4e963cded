using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.NixDriver.Checking;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// Shrinks a failing case FsCheck-style — take the first smaller candidate that still fails,
/// repeat — but evaluates each step's candidates together in one batch (a step costs two nix
/// processes, not one per candidate). A candidate only counts if what it gets wrong is a non-empty
/// part of what the original got wrong (its fingerprint tokens are a subset), so shrinking cannot
/// wander off to a different bug, yet cases that showed one cause with different side effects
/// converge on the same minimal failure (and fingerprint).
/// </summary>
public sealed class BatchShrinker(ConformanceChecker checker, Func<CaseVerdict, IReadOnlyList<FieldComparison>> failingFields)
{
    public int MaxSteps { get; init; } = 40;

    public int CandidatesPerStep { get; init; } = 24;

    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(10);

    public sealed record Outcome(CaseResult Minimal, int Steps);

    public async Task<Outcome> ShrinkAsync(CaseResult failing, CancellationToken cancellationToken)
    {
        var current = failing;
        var original = Tokens(failing).ToHashSet();
        var steps = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (steps < MaxSteps && clock.Elapsed < Budget)
        {
            var candidates = ClanCaseShrinker.Shrink(current.Case).Take(CandidatesPerStep)
                .Select((c, i) => c with { Id = $"{failing.Case.Id}s{steps + 1:D2}x{i + 1:D2}" }).ToList();
            if (candidates.Count == 0) break;
            var results = await checker.CheckAsync(candidates, cancellationToken: cancellationToken);
            var next = results.FirstOrDefault(r => Tokens(r) is { Count: > 0 } tokens && tokens.All(original.Contains));
            if (next is null) break;
            current = next with { Case = next.Case with { Id = failing.Case.Id } };
            steps++;
        }
        return new Outcome(current, steps);
    }

    private IReadOnlyList<string> Tokens(CaseResult result) => Fingerprint.Tokens(failingFields(result.Verdict));
}
