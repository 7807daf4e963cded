using System.Text.Json.Nodes;
using Conformance.Model.Observations;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;

namespace Conformance.NixDriver.Observing;

/// <summary>
/// The naive way, kept as the baseline <c>bench</c> measures the harness against: one
/// <c>nix eval</c> process per case (its tryEval'd results), then one per field that failed or is
/// expected to fail uncatchably (to read its message), one process at a time. It observes exactly
/// what <see cref="BatchObserver"/> observes, counted the same way.
/// </summary>
public sealed class NaiveObserver(NixSession session, ObserverOptions? options = null, NixEvaluator? evaluator = null, string? label = null) : IObserver
{
    private readonly ObserverOptions _options = options ?? new ObserverOptions();
    private readonly NixEvaluator _evaluator = evaluator ?? session.Evaluator;
    private int _processes;
    private int _machineEvaluations;

    public string Label { get; } = label ?? "the session's inputs";

    public int Processes => _processes;

    public int MachineEvaluations => _machineEvaluations;

    /// <summary>Time spent in the one-per-case processes alone: what the naive way would cost if it never read error messages.</summary>
    public TimeSpan CaseProcessTime { get; private set; }

    public async Task<IReadOnlyList<CaseObservation>> ObserveAsync(IReadOnlyList<ObservationRequest> requests,
        Func<CaseObservation, Task>? onObserved = null, CancellationToken cancellationToken = default)
    {
        var observations = new List<CaseObservation>();
        foreach (var request in requests)
        {
            var observation = await CostObservation.AddAsync(request, await ObserveOneAsync(request, cancellationToken), MeasureUnitAsync, cancellationToken);
            Interlocked.Add(ref _machineEvaluations, ObservationPlan.MachineEvaluations(request.Case));
            observations.Add(observation);
            if (onObserved is not null) await onObserved(observation);
        }
        return observations;
    }

    /// <summary>One cost unit alone, the way <see cref="BatchObserver"/> measures it (one process, statistics on).</summary>
    private async Task<NixCostResult> MeasureUnitAsync(BatchUnit unit, CancellationToken cancellationToken)
    {
        var dir = session.CreateScratchDirectory("naive-cost");
        try
        {
            BatchRenderer.Render([unit], _options.LockFile).WriteTo(dir);
            Interlocked.Increment(ref _processes);
            return await _evaluator.EvaluateWithStatsAsync(NixEvalRequest.Attribute(dir, [.. BatchRenderer.ResultsAttribute, unit.Case.Id]).WithTimeout(_options.Timeout),
                measurePeakMemory: true, cancellationToken);
        }
        finally
        {
            if (!_options.KeepWorkDirectories) try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private async Task<CaseObservation> ObserveOneAsync(ObservationRequest request, CancellationToken cancellationToken)
    {
        var c = request.Case;
        var evaluated = request.Fields.Where(k => k.IsEvaluated).ToList();
        var tried = evaluated.Where(k => !request.ReadAlone.Contains(k)).ToList();
        var dir = session.CreateScratchDirectory("naive");
        var unit = new BatchUnit(c, tried) { RawOnly = evaluated.Where(request.ReadAlone.Contains).ToList() };
        BatchRenderer.Render([unit], _options.LockFile).WriteTo(dir);
        var fields = new Dictionary<FieldKey, Observed>();
        var faults = new Dictionary<FieldKey, string>();
        IReadOnlyList<StderrEntry>? stderr = null;
        try
        {
            Interlocked.Increment(ref _processes);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var result = await _evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, [.. BatchRenderer.ResultsAttribute, c.Id]).WithTimeout(_options.Timeout), cancellationToken);
                var json = JsonNode.Parse(result.Json)!.AsObject();
                foreach (var key in tried)
                    if (json[key.Text]!.AsObject().ContainsKey("value")) fields[key] = new ObservedValue(json[key.Text]!["value"]?.DeepClone());
                stderr = result.Stderr.Entries;
            }
            catch (NixEvaluationException)
            {
                // An uncatchable error: every field needs its own process below; stderr is incomplete.
            }
            catch (Backends.NixTimeoutException)
            {
            }
            finally
            {
                CaseProcessTime += clock.Elapsed;
            }
            foreach (var key in evaluated.Where(k => !fields.ContainsKey(k)))
            {
                Interlocked.Increment(ref _processes);
                try
                {
                    var value = await _evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, [.. BatchRenderer.RawAttribute, c.Id])
                        .WithApply(BatchRenderer.SelectField(key)).WithTimeout(_options.Timeout), cancellationToken);
                    fields[key] = new ObservedValue(JsonNode.Parse(value.Json));
                }
                catch (NixEvaluationException e)
                {
                    fields[key] = new ObservedError(e.Error.Kind, e.Error.Message);
                }
                catch (Backends.NixTimeoutException t)
                {
                    faults[key] = t.FaultReason;
                }
            }
        }
        finally
        {
            if (!_options.KeepWorkDirectories) try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
        return CaseObservations.Assemble(request, fields, faults, stderr);
    }
}
