using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Rendering.Reduction;
using Conformance.NixDriver.Sessions;

namespace Conformance.NixDriver.Reducing;

/// <summary>A revision a candidate must show something on: its evaluator (clan-core's tree among the overrides) and what the command must print there.</summary>
public sealed record ReproSide(string Name, NixEvaluator Evaluator, ReproOutcome Expected);

/// <summary>
/// The reducer's oracle with real Nix: candidates in batches of <see cref="BatchSize"/>, each batch
/// one flake (<see cref="ReductionBatch"/>) and, per side, one <c>nix repl</c> process, which
/// prints every candidate's value or error (the repl keeps going after an error). A candidate is
/// kept when every side shows what it must. A batch whose process dies (timeout, crash) keeps none
/// of its candidates: a removal that was not seen to keep the output is never made, so the result
/// stays valid; <see cref="LostBatches"/> counts them.
/// </summary>
public sealed class NixReproOracle(NixSession session, ReproCommand command, IReadOnlyList<ReproSide> sides, TimeSpan timeout) : IReproOracle
{
    /// <summary>Candidates per process: a NixOS evaluation each, so memory bounds it; 24 stays well under a gigabyte for the clans reports show.</summary>
    public int BatchSize { get; init; } = 24;

    public int LostBatches { get; private set; }

    /// <summary>Why the last lost batch was lost (for the reducer's summary).</summary>
    public string? LastLoss { get; private set; }

    public async Task<IReadOnlyList<bool>> KeepsAsync(IReadOnlyList<ReproProgram> candidates, CancellationToken cancellationToken)
    {
        var kept = Enumerable.Repeat(true, candidates.Count).ToArray();
        foreach (var side in sides)
        {
            var seen = await ObserveAsync(candidates, side.Evaluator, cancellationToken);
            for (var i = 0; i < candidates.Count; i++) kept[i] &= seen[i] is { } outcome && outcome.Same(side.Expected);
        }
        return kept;
    }

    /// <summary>What the command shows for each candidate on one revision (null: its batch's process died).</summary>
    public async Task<IReadOnlyList<ReproOutcome?>> ObserveAsync(IReadOnlyList<ReproProgram> candidates, NixEvaluator evaluator, CancellationToken cancellationToken)
    {
        var outcomes = new List<ReproOutcome?>(candidates.Count);
        foreach (var chunk in candidates.Chunk(BatchSize))
        {
            var dir = session.CreateScratchDirectory("reduce");
            try
            {
                ReductionBatch.Render(chunk, command).WriteTo(dir);
                var items = await evaluator.EvaluateManyAsync(dir, Enumerable.Range(0, chunk.Length).Select(ReductionBatch.Expression).ToList(), timeout, cancellationToken);
                outcomes.AddRange(items.Select(item => ReproOutcome.Of(item.Error is { } e ? item with { Error = e with { Message = ReductionBatch.AsOwnFlake(e.Message) } } : item)));
            }
            catch (Exception e) when (e is NixEvaluationException or NixInfrastructureException or NixTimeoutException)
            {
                LostBatches++;
                LastLoss = e.Message.Split('\n')[0];
                outcomes.AddRange(Enumerable.Repeat<ReproOutcome?>(null, chunk.Length));
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        return outcomes;
    }
}
