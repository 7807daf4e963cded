using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conformance.NixDriver.Checking;

/// <summary>
/// Checks cases against real Nix: predicts each with the oracle, renders them into batches,
/// evaluates each batch in one <c>nix eval</c> process (several in parallel), isolates what
/// breaks a batch by bisection, reads error messages for fields that failed, attributes
/// stderr to cases, and compares. Infrastructure failures propagate as
/// <see cref="NixInfrastructureException"/>: they are never turned into verdicts.
/// </summary>
public sealed class ConformanceChecker(NixSession session, CheckOptions? options = null, ILogger? logger = null)
{
    private readonly CheckOptions _options = options ?? new CheckOptions();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private int _processes;
    private int _machineEvaluations;

    /// <summary>Total <c>nix eval</c> processes run by this checker.</summary>
    public int Processes => _processes;

    /// <summary>Total machine evaluations (configurations plus clanInternals copies) observed.</summary>
    public int MachineEvaluations => _machineEvaluations;

    public async Task<IReadOnlyList<CaseResult>> CheckAsync(IReadOnlyList<ClanCase> cases, IProgress<CheckProgress>? progress = null,
        Func<CaseResult, Task>? onResult = null, CancellationToken cancellationToken = default)
    {
        foreach (var c in cases) CaseValidator.Validate(c);
        var predictions = cases.ToDictionary(c => c.Id, _options.Predictor);
        var results = new ConcurrentDictionary<string, CaseResult>();
        var done = 0;
        var disagreeing = 0;
        using var gate = new SemaphoreSlim(_options.Workers);
        var batches = Partition(cases);
        _logger.LogInformation("checking {Cases} case(s) in {Batches} batch(es), {Workers} worker(s)", cases.Count, batches.Count, _options.Workers);

        await Task.WhenAll(batches.Select(async batch =>
        {
            var observed = await ObserveAsync(batch, predictions, gate, cancellationToken);
            foreach (var c in batch)
            {
                var observation = observed[c.Id];
                var verdict = Comparer.Compare(predictions[c.Id], observation.Observation, _options.KnownDeviations);
                var result = new CaseResult(c, predictions[c.Id], observation.Observation, verdict) { Processes = observation.Processes };
                results[c.Id] = result;
                if (onResult is not null) await onResult(result);
                var finished = Interlocked.Increment(ref done);
                if (!verdict.Conforms) Interlocked.Increment(ref disagreeing);
                progress?.Report(new CheckProgress(finished, cases.Count, _processes, _machineEvaluations, disagreeing));
            }
        }));
        return cases.Select(c => results[c.Id]).ToList();
    }

    /// <summary>Machine evaluations a case costs: every machine's configuration plus one copy per inspected system.</summary>
    public static int MachineEvaluationsOf(ClanCase c) => c.Machines.Count * (1 + Oracle.InspectedSystems(c).Count());

    private List<List<ClanCase>> Partition(IReadOnlyList<ClanCase> cases)
    {
        var budget = _options.MachineEvaluationsPerBatch;
        var batches = new List<List<ClanCase>>();
        var current = new List<ClanCase>();
        var cost = 0;
        foreach (var c in cases)
        {
            var caseCost = Math.Max(1, MachineEvaluationsOf(c));
            if (current.Count > 0 && (cost + caseCost > budget || current.Count >= _options.MaxCasesPerBatch))
            {
                batches.Add(current);
                current = [];
                cost = 0;
            }
            current.Add(c);
            cost += caseCost;
        }
        if (current.Count > 0) batches.Add(current);
        return batches;
    }

    private sealed record ObservedCase(CaseObservation Observation, int Processes);

    /// <summary>Per case: field results, fields still to read one by one, stderr, and whether stderr is complete.</summary>
    private sealed class Accumulator
    {
        public ConcurrentDictionary<FieldKey, Observed> Fields { get; } = new();
        public ConcurrentQueue<FieldKey> ToRead { get; } = new();
        public ConcurrentDictionary<FieldKey, string> Faults { get; } = new();
        public List<StderrEntry> Stderr { get; } = [];
        public bool StderrComplete;
        public int Processes;
    }

    /// <summary>
    /// Observes one batch in two <c>nix repl</c> rounds: first every case's tryEval'd results (one
    /// expression per case, so a case that breaks in a way tryEval cannot catch only loses its own
    /// line), then, one expression per field, everything still unknown: the messages of fields that
    /// failed, fields predicted to fail uncatchably, and every field of a case whose line broke.
    /// </summary>
    private async Task<Dictionary<string, ObservedCase>> ObserveAsync(IReadOnlyList<ClanCase> batch, IReadOnlyDictionary<string, Prediction> predictions,
        SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var accumulators = batch.ToDictionary(c => c.Id, _ => new Accumulator());
        var units = batch.Select(c =>
        {
            var evaluated = predictions[c.Id].Keys.Where(k => k.Scope != Scope.Stderr).ToList();
            // A field predicted to fail in a way tryEval cannot catch would break its case's line: read it alone.
            bool Uncatchable(FieldKey k) => predictions[c.Id].Fields[k] is ErrorOutcome { Error.IsCatchable: false };
            return new BatchUnit(c, evaluated.Where(k => !Uncatchable(k)).ToList()) { RawOnly = evaluated.Where(Uncatchable).ToList() };
        }).ToList();

        await ResultsRoundAsync(units, accumulators, gate, cancellationToken);
        foreach (var unit in units)
            foreach (var key in unit.RawOnly) accumulators[unit.Case.Id].ToRead.Enqueue(key);
        var reads = units.SelectMany(u => accumulators[u.Case.Id].ToRead.Distinct().Select(k => (u, k))).ToList();
        if (reads.Count > 0) await FieldsRoundAsync(units, reads, accumulators, gate, cancellationToken);
        return batch.ToDictionary(c => c.Id, c => Finish(c, accumulators[c.Id]));
    }

    private async Task ResultsRoundAsync(IReadOnlyList<BatchUnit> units, IReadOnlyDictionary<string, Accumulator> accumulators,
        SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        IReadOnlyList<NixReplTranscript.Item> items;
        try
        {
            items = await InBatchAsync(units, dir => session.Evaluator.EvaluateManyAsync(dir,
                units.Select(u => BatchRenderer.ResultsExpression(u.Case.Id)).ToList(), _options.Timeout, cancellationToken),
                units.Sum(u => MachineEvaluationsOf(u.Case)), gate, cancellationToken);
        }
        catch (Exception e) when (e is NixTimeoutException or NixEvaluationException)
        {
            // The process itself failed (a loop, or an error before any case): split the batch.
            if (units.Count > 1)
            {
                _logger.LogInformation("a batch of {Count} case(s) failed as a whole ({Reason}); bisecting", units.Count, Describe(e));
                var half = units.Count / 2;
                await Task.WhenAll(ResultsRoundAsync(units.Take(half).ToList(), accumulators, gate, cancellationToken),
                    ResultsRoundAsync(units.Skip(half).ToList(), accumulators, gate, cancellationToken));
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
            Interlocked.Increment(ref acc.Processes);
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
    }

    private async Task FieldsRoundAsync(IReadOnlyList<BatchUnit> units, IReadOnlyList<(BatchUnit Unit, FieldKey Key)> reads,
        IReadOnlyDictionary<string, Accumulator> accumulators, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var involved = units.Where(u => reads.Any(r => r.Unit.Case.Id == u.Case.Id)).ToList();
        try
        {
            var items = await InBatchAsync(involved, dir => session.Evaluator.EvaluateManyAsync(dir,
                reads.Select(r => BatchRenderer.RawExpression(r.Unit.Case.Id, BatchRenderer.RawIndex(r.Unit, r.Key))).ToList(), _options.Timeout, cancellationToken),
                reads.Select(r => (r.Unit.Case.Id, r.Key.Scope, r.Key.System, r.Key.Machine)).Where(r => r.Machine is not null).Distinct().Count(),
                gate, cancellationToken);
            for (var i = 0; i < reads.Count; i++)
            {
                var acc = accumulators[reads[i].Unit.Case.Id];
                acc.Fields[reads[i].Key] = items[i].Json is { } json
                    ? new ObservedValue(JsonNode.Parse(json))
                    : new ObservedError(items[i].Error!.Kind, items[i].Error!.Message);
            }
            foreach (var unit in involved) Interlocked.Increment(ref accumulators[unit.Case.Id].Processes);
        }
        catch (Exception e) when (e is NixTimeoutException or NixEvaluationException)
        {
            if (reads.Count > 1)
            {
                var half = reads.Count / 2;
                await Task.WhenAll(FieldsRoundAsync(units, reads.Take(half).ToList(), accumulators, gate, cancellationToken),
                    FieldsRoundAsync(units, reads.Skip(half).ToList(), accumulators, gate, cancellationToken));
                return;
            }
            // A field that still fails alone: a timeout is a harness fault (a loop and an overloaded
            // machine look the same from here), an evaluation error is what Nix says about the field.
            if (e is NixTimeoutException t)
                accumulators[reads[0].Unit.Case.Id].Faults[reads[0].Key] = $"timeout: nix did not finish within {t.Timeout.TotalSeconds:0}s and was killed";
            else
                accumulators[reads[0].Unit.Case.Id].Fields[reads[0].Key] = new ObservedError(((NixEvaluationException)e).Error.Kind, ((NixEvaluationException)e).Error.Message);
        }
    }

    /// <summary>Renders the units as a batch, runs <paramref name="run"/> on it under the worker gate, removes it.</summary>
    private async Task<T> InBatchAsync<T>(IReadOnlyList<BatchUnit> units, Func<string, Task<T>> run, int machineEvaluations,
        SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        var dir = Path.Combine(session.WorkDirectory, "batches", $"b-{Guid.NewGuid():N}"[..14]);
        try
        {
            BatchRenderer.Render(units, _options.LockFile).WriteTo(dir);
            Interlocked.Increment(ref _processes);
            Interlocked.Add(ref _machineEvaluations, machineEvaluations);
            return await run(dir);
        }
        finally
        {
            gate.Release();
            if (!_options.KeepWorkDirectories)
            {
                TryDelete(dir);
                try { File.Delete(dir + ".repl-input"); } catch (IOException) { }
            }
        }
    }

    private static ObservedCase Finish(ClanCase c, Accumulator acc)
    {
        var fields = new Dictionary<FieldKey, Observed>(acc.Fields);
        var unobserved = new Dictionary<FieldKey, string>();
        var notes = new List<string>();
        var stderrKeys = Systems.ClanSupported.Union(c.FlakeSystems).Select(FieldKey.PkgsForSystemCalls).Append(FieldKey.Warnings()).ToList();
        if (!acc.StderrComplete)
        {
            foreach (var key in stderrKeys)
                unobserved[key] = "the case's results could not be evaluated in one piece, so its traces and warnings are incomplete";
        }
        else
        {
            var pkgsPrefix = TraceLabels.PkgsForSystem(c.Id);
            bool IsPkgsTrace(StderrEntry e) => e.Kind == StderrEntryKind.Trace && e.Text.StartsWith(pkgsPrefix, StringComparison.Ordinal);
            bool IsServiceWarning(StderrEntry e) => e.Kind == StderrEntryKind.Warning && e.Text.StartsWith("Service instance '", StringComparison.Ordinal);
            foreach (var key in stderrKeys.Where(k => k.Field == StderrFields.PkgsForSystemCalls))
                fields[key] = new ObservedValue(JsonValue.Create(acc.Stderr.Count(e => IsPkgsTrace(e) && e.Text == pkgsPrefix + key.System)));
            fields[FieldKey.Warnings()] = new ObservedValue(JsonValues.Strings(
                acc.Stderr.Where(IsServiceWarning).Select(e => e.Text.Split('\n')[0].Trim()).Distinct().Order(StringComparer.Ordinal)));
            notes.AddRange(acc.Stderr.Where(e => !IsPkgsTrace(e) && !IsServiceWarning(e) && !TraceLabels.TryParseBegin(e.Text, out _))
                .Select(e => $"{e.Kind.ToString().ToLowerInvariant()}: {e.Text}"));
        }
        return new ObservedCase(new CaseObservation(c.Id, fields) { Unobserved = unobserved, Faults = new Dictionary<FieldKey, string>(acc.Faults), Notes = notes.Distinct().ToList() }, acc.Processes);
    }

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
