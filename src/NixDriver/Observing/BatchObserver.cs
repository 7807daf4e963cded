using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conformance.NixDriver.Observing;

/// <summary>
/// The harness's observer: renders cases into batches, evaluates each batch in one <c>nix repl</c>
/// process (several in parallel), isolates what breaks a batch by bisection, reads the messages of
/// fields that failed, and attributes stderr to cases (and, for pkgsForSystem calls, to the phase
/// that made them).
/// </summary>
/// <param name="session">The Nix session (backend, work directory).</param>
/// <param name="evaluator">Which inputs to evaluate against; default the session's. A revision of clan-core is another evaluator (<see cref="NixSession.EvaluatorWithAsync"/>).</param>
/// <param name="workers">
/// The gate limiting concurrent processes. Observers that run at the same time (a diff's two
/// revisions, shrinkers of several causes) share one, so the machine never runs more than the
/// configured number of <c>nix</c> processes. Default: a gate of <see cref="ObserverOptions.Workers"/>.
/// </param>
public sealed class BatchObserver(NixSession session, ObserverOptions? options = null, ILogger? logger = null,
    NixEvaluator? evaluator = null, SemaphoreSlim? workers = null, string? label = null) : IObserver
{
    private readonly ObserverOptions _options = options ?? new ObserverOptions();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly NixEvaluator _evaluator = evaluator ?? session.Evaluator;
    private readonly SemaphoreSlim _gate = workers ?? new SemaphoreSlim((options ?? new ObserverOptions()).Workers);
    private int _processes;
    private int _machineEvaluations;

    public string Label { get; } = label ?? "the session's inputs";

    public int Processes => _processes;

    public int MachineEvaluations => _machineEvaluations;

    public async Task<IReadOnlyList<CaseObservation>> ObserveAsync(IReadOnlyList<ObservationRequest> requests,
        Func<CaseObservation, Task>? onObserved = null, CancellationToken cancellationToken = default)
    {
        foreach (var r in requests) CaseValidator.Validate(r.Case);
        var results = new ConcurrentDictionary<string, CaseObservation>();
        var batches = Partition(requests);
        _logger.LogInformation("observing {Cases} case(s) in {Batches} batch(es) against {Label}", requests.Count, batches.Count, Label);
        await Task.WhenAll(batches.Select(async batch =>
        {
            var observed = await ObserveBatchAsync(batch, cancellationToken);
            // Cost units run one process each, as many at once as the worker gate allows.
            await Task.WhenAll(batch.Select(async request =>
            {
                var observation = await CostObservation.AddAsync(request, observed[request.Case.Id], MeasureUnitAsync, cancellationToken);
                results[request.Case.Id] = observation;
                Interlocked.Add(ref _machineEvaluations, ObservationPlan.MachineEvaluations(request.Case));
                if (onObserved is not null) await onObserved(observation);
            }));
        }));
        return requests.Select(r => results[r.Case.Id]).ToList();
    }

    /// <summary>
    /// Batches by the memory budget. Cases without machine evaluations (the services shape) go into
    /// batches of their own, whatever their place among the requests: mixed in with machine cases
    /// they would be held to the machine cases' case limit and wait on their evaluations, which is
    /// the services cases' rate lost in a campaign about everything.
    /// </summary>
    private List<List<ObservationRequest>> Partition(IReadOnlyList<ObservationRequest> requests)
    {
        var indexed = requests.Select((r, i) => (Request: r, Index: i, Machines: ObservationPlan.MachineEvaluations(r.Case))).ToList();
        return [.. Pack(indexed.Where(x => x.Machines > 0).ToList(), _options.MaxCasesPerBatch)
            .Concat(Pack(indexed.Where(x => x.Machines == 0).ToList(), _options.MaxCasesPerBatchWithoutMachines))
            .OrderBy(batch => batch[0].Index)
            .Select(batch => batch.Select(x => x.Request).ToList())];
    }

    /// <summary>Consecutive batches of at most <paramref name="limit"/> cases within the memory budget (a case over it alone).</summary>
    private List<List<(ObservationRequest Request, int Index, int Machines)>> Pack(IReadOnlyList<(ObservationRequest Request, int Index, int Machines)> requests, int limit)
    {
        var budget = _options.MachineEvaluationsPerBatch;
        var batches = new List<List<(ObservationRequest, int, int)>>();
        var current = new List<(ObservationRequest, int, int)>();
        var cost = 0;
        foreach (var r in requests)
        {
            if (current.Count > 0 && (cost + r.Machines > budget || current.Count >= limit))
            {
                batches.Add(current);
                current = [];
                cost = 0;
            }
            current.Add(r);
            cost += r.Machines;
        }
        if (current.Count > 0) batches.Add(current);
        return batches;
    }

    /// <summary>Per case: field results, fields still to read one by one, stderr, and whether stderr is complete.</summary>
    private sealed class Accumulator
    {
        public ConcurrentDictionary<FieldKey, Observed> Fields { get; } = new();

        /// <summary>Fields read raw in the first round (their messages), so the second round skips them.</summary>
        public ConcurrentDictionary<FieldKey, bool> ReadRaw { get; } = new();
        public ConcurrentQueue<FieldKey> ToRead { get; } = new();
        public ConcurrentDictionary<FieldKey, string> Faults { get; } = new();
        public List<StderrEntry> Stderr { get; } = [];
        public bool StderrComplete;
    }

    /// <summary>
    /// Observes one batch in two <c>nix repl</c> rounds: first every case's tryEval'd results (one
    /// expression per case, so a case that breaks in a way tryEval cannot catch only loses its own
    /// line), then, one expression per field, everything still unknown: the messages of fields that
    /// failed, fields expected to fail uncatchably, and every field of a case whose line broke.
    /// </summary>
    private async Task<Dictionary<string, CaseObservation>> ObserveBatchAsync(IReadOnlyList<ObservationRequest> batch, CancellationToken cancellationToken)
    {
        var accumulators = batch.ToDictionary(r => r.Case.Id, _ => new Accumulator());
        var units = batch.Select(r =>
        {
            var evaluated = r.Fields.Where(k => k.IsEvaluated).ToList();
            return new BatchUnit(r.Case, evaluated.Where(k => !r.ReadAlone.Contains(k)).ToList()) { RawOnly = evaluated.Where(r.ReadAlone.Contains).ToList() };
        }).ToList();
        var eager = batch.ToDictionary(r => r.Case.Id, r => (IReadOnlyCollection<FieldKey>)r.ReadEagerly.Concat(r.ReadAlone).Where(k => k.IsEvaluated).Distinct().ToList());

        await ResultsRoundAsync(units, eager, accumulators, cancellationToken);
        foreach (var unit in units)
            foreach (var key in unit.RawOnly) accumulators[unit.Case.Id].ToRead.Enqueue(key);
        var reads = units.SelectMany(u => accumulators[u.Case.Id].ToRead.Distinct()
            .Where(k => !accumulators[u.Case.Id].ReadRaw.ContainsKey(k)).Select(k => (u, k))).ToList();
        if (reads.Count > 0) await FieldsRoundAsync(units, reads, accumulators, cancellationToken);
        return batch.ToDictionary(r => r.Case.Id, r => Finish(r, accumulators[r.Case.Id]));
    }

    /// <param name="eager">Per case, fields whose messages are read in this round, after every case's results (so reading them cannot take a warning from the results' stderr).</param>
    private async Task ResultsRoundAsync(IReadOnlyList<BatchUnit> units, IReadOnlyDictionary<string, IReadOnlyCollection<FieldKey>> eager,
        IReadOnlyDictionary<string, Accumulator> accumulators, CancellationToken cancellationToken)
    {
        IReadOnlyList<NixReplTranscript.Item> items;
        var rawReads = units.SelectMany(u => eager[u.Case.Id].Select(k => (Unit: u, Key: k))).ToList();
        try
        {
            items = await InBatchAsync(units, dir => _evaluator.EvaluateManyAsync(dir,
                [.. units.Select(u => BatchRenderer.ResultsExpression(u.Case.Id)),
                 .. rawReads.Select(r => BatchRenderer.RawExpression(r.Unit.Case.Id, BatchRenderer.RawIndex(r.Unit, r.Key)))],
                _options.Timeout, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is NixTimeoutException or NixEvaluationException)
        {
            // The process itself failed (a loop, or an error before any case): split the batch.
            if (units.Count > 1)
            {
                _logger.LogInformation("a batch of {Count} case(s) failed as a whole ({Reason}); bisecting", units.Count, Describe(e));
                var half = units.Count / 2;
                await Task.WhenAll(ResultsRoundAsync(units.Take(half).ToList(), eager, accumulators, cancellationToken),
                    ResultsRoundAsync(units.Skip(half).ToList(), eager, accumulators, cancellationToken));
            }
            else
            {
                foreach (var key in units[0].Fields) accumulators[units[0].Case.Id].ToRead.Enqueue(key);
            }
            return;
        }
        for (var i = 0; i < units.Count; i++)
        {
            var acc = accumulators[units[i].Case.Id];
            if (items[i].Json is not { } json)
            {
                // The case's results broke uncaught: read its fields one by one; its stderr is incomplete.
                foreach (var key in units[i].Fields) acc.ToRead.Enqueue(key);
                continue;
            }
            var results = JsonNode.Parse(json)?.AsObject() ?? throw new NixInfrastructureException($"no results object for case {units[i].Case.Id}");
            foreach (var key in units[i].Fields)
            {
                var cell = results[key.Text]?.AsObject() ?? throw new NixInfrastructureException($"results of {units[i].Case.Id} lack {key}");
                if (cell.ContainsKey("value")) acc.Fields[key] = new ObservedValue(cell["value"]?.DeepClone());
                else acc.ToRead.Enqueue(key);
            }
            acc.Stderr.AddRange(items[i].Stderr.Entries);
            acc.StderrComplete = true;
        }
        for (var j = 0; j < rawReads.Count; j++)
        {
            var (unit, key) = rawReads[j];
            var acc = accumulators[unit.Case.Id];
            var item = items[units.Count + j];
            // A field the results read as a value keeps it; otherwise what the raw read says is the observation.
            if (acc.Fields.ContainsKey(key)) continue;
            acc.Fields[key] = item.Json is { } json ? new ObservedValue(JsonNode.Parse(json)) : new ObservedError(item.Error!.Kind, item.Error!.Message);
            acc.ReadRaw[key] = true;
        }
    }

    private async Task FieldsRoundAsync(IReadOnlyList<BatchUnit> units, IReadOnlyList<(BatchUnit Unit, FieldKey Key)> reads,
        IReadOnlyDictionary<string, Accumulator> accumulators, CancellationToken cancellationToken)
    {
        var involved = units.Where(u => reads.Any(r => r.Unit.Case.Id == u.Case.Id)).ToList();
        try
        {
            var items = await InBatchAsync(involved, dir => _evaluator.EvaluateManyAsync(dir,
                reads.Select(r => BatchRenderer.RawExpression(r.Unit.Case.Id, BatchRenderer.RawIndex(r.Unit, r.Key))).ToList(), _options.Timeout, cancellationToken),
                cancellationToken);
            for (var i = 0; i < reads.Count; i++)
            {
                var acc = accumulators[reads[i].Unit.Case.Id];
                acc.Fields[reads[i].Key] = items[i].Json is { } json
                    ? new ObservedValue(JsonNode.Parse(json))
                    : new ObservedError(items[i].Error!.Kind, items[i].Error!.Message);
            }
        }
        catch (Exception e) when (e is NixTimeoutException or NixEvaluationException)
        {
            if (reads.Count > 1)
            {
                var half = reads.Count / 2;
                await Task.WhenAll(FieldsRoundAsync(units, reads.Take(half).ToList(), accumulators, cancellationToken),
                    FieldsRoundAsync(units, reads.Skip(half).ToList(), accumulators, cancellationToken));
                return;
            }
            // A field that still fails alone: a timeout is a harness fault (a loop and an overloaded
            // machine look the same from here), an evaluation error is what Nix says about the field.
            if (e is NixTimeoutException t)
                accumulators[reads[0].Unit.Case.Id].Faults[reads[0].Key] = t.FaultReason;
            else
                accumulators[reads[0].Unit.Case.Id].Fields[reads[0].Key] = new ObservedError(((NixEvaluationException)e).Error.Kind, ((NixEvaluationException)e).Error.Message);
        }
    }

    /// <summary>
    /// Only the cost fields of a case (no batch of its values): what <c>scale</c> measures for fleets
    /// too large to evaluate in one batch. Fields the request reads alone are left out of the units.
    /// </summary>
    public Task<CaseObservation> ObserveCostAsync(ObservationRequest request, CancellationToken cancellationToken = default)
    {
        CaseValidator.Validate(request.Case);
        return CostObservation.AddAsync(request, new CaseObservation(request.Case.Id, new Dictionary<FieldKey, Observed>()), MeasureUnitAsync, cancellationToken);
    }

    /// <summary>One cost unit's fields evaluated alone, in a process of their own under the worker gate, with Nix's statistics.</summary>
    private Task<NixCostResult> MeasureUnitAsync(BatchUnit unit, CancellationToken cancellationToken) =>
        InBatchAsync([unit], dir => _evaluator.EvaluateWithStatsAsync(
            NixEvalRequest.Attribute(dir, [.. BatchRenderer.ResultsAttribute, unit.Case.Id]).WithTimeout(_options.Timeout), measurePeakMemory: true, cancellationToken), cancellationToken);

    /// <summary>Renders the units as a batch, runs <paramref name="run"/> on it under the worker gate, removes it.</summary>
    private async Task<T> InBatchAsync<T>(IReadOnlyList<BatchUnit> units, Func<string, Task<T>> run, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var dir = Path.Combine(session.WorkDirectory, "batches", $"b-{Guid.NewGuid():N}"[..14]);
        try
        {
            BatchRenderer.Render(units, _options.LockFile).WriteTo(dir);
            Interlocked.Increment(ref _processes);
            return await run(dir);
        }
        finally
        {
            _gate.Release();
            if (!_options.KeepWorkDirectories)
            {
                TryDelete(dir);
                try { File.Delete(dir + ".repl-input"); } catch (IOException) { }
            }
        }
    }

    private static CaseObservation Finish(ObservationRequest request, Accumulator acc) =>
        CaseObservations.Assemble(request, acc.Fields, acc.Faults, acc.StderrComplete ? acc.Stderr : null);

    private static string Describe(Exception e) => e switch
    {
        NixEvaluationException ev => ev.Error.Kind + ": " + ev.Error.Headline,
        NixTimeoutException => "timeout",
        _ => e.Message,
    };

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
