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
        var predictions = cases.ToDictionary(c => c.Id, Oracle.Predict);
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
                var verdict = Comparer.Compare(predictions[c.Id], observation.Observation);
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

    /// <summary>Per case: raw field results, stderr entries, in how many processes its batched fields ran.</summary>
    private sealed class Accumulator
    {
        public ConcurrentDictionary<FieldKey, Observed> Fields { get; } = new();
        public ConcurrentBag<FieldKey> CaughtErrors { get; } = [];
        public ConcurrentQueue<StderrEntry> Stderr { get; } = new();
        public int BatchProcesses;
        public int OtherProcesses;
        public bool Split;
    }

    private async Task<Dictionary<string, ObservedCase>> ObserveAsync(IReadOnlyList<ClanCase> batch, IReadOnlyDictionary<string, Prediction> predictions,
        SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var accumulators = batch.ToDictionary(c => c.Id, _ => new Accumulator());
        var batched = new List<BatchUnit>();
        var isolated = new List<BatchUnit>();
        foreach (var c in batch)
        {
            var evaluated = predictions[c.Id].Keys.Where(k => k.Scope != Scope.Stderr).ToList();
            // A field predicted to fail in a way tryEval cannot catch would end the whole batch process: run it alone.
            bool Uncatchable(FieldKey k) => predictions[c.Id].Fields[k] is ErrorOutcome { Error.IsCatchable: false };
            batched.Add(new BatchUnit(c, evaluated.Where(k => !Uncatchable(k)).ToList()));
            isolated.AddRange(evaluated.Where(Uncatchable).Select(k => new BatchUnit(c, [k])));
        }

        await RunUnitsAsync(batched, accumulators, gate, isolatedRun: false, cancellationToken);
        await Task.WhenAll(isolated.Select(u => RunUnitsAsync([u], accumulators, gate, isolatedRun: true, cancellationToken)));

        // Fields that failed under tryEval: read each error's message with its own process.
        await Task.WhenAll(batch.SelectMany(c => accumulators[c.Id].CaughtErrors.Distinct().Select(key => (c, key)))
            .Select(async item =>
            {
                var observed = await ReadErrorAsync(item.c, item.key, gate, cancellationToken);
                accumulators[item.c.Id].Fields[item.key] = observed;
                Interlocked.Increment(ref accumulators[item.c.Id].OtherProcesses);
            }));

        return batch.ToDictionary(c => c.Id, c => Finish(c, accumulators[c.Id]));
    }

    private ObservedCase Finish(ClanCase c, Accumulator acc)
    {
        var fields = new Dictionary<FieldKey, Observed>(acc.Fields);
        var unobserved = new Dictionary<FieldKey, string>();
        var notes = new List<string>();
        var stderrKeys = Systems.ClanSupported.Union(c.FlakeSystems).Select(FieldKey.PkgsForSystemCalls).Append(FieldKey.Warnings()).ToList();
        if (acc.Split || acc.BatchProcesses != 1)
        {
            foreach (var key in stderrKeys)
                unobserved[key] = "the case's fields were evaluated in several processes (a batch had to be bisected), so per-process traces and warnings cannot be counted";
        }
        else
        {
            var entries = acc.Stderr.ToList();
            var pkgsPrefix = TraceLabels.PkgsForSystem(c.Id);
            foreach (var key in stderrKeys.Where(k => k.Field == StderrFields.PkgsForSystemCalls))
                fields[key] = new ObservedValue(JsonValue.Create(entries.Count(e => e.Kind == StderrEntryKind.Trace && e.Text == pkgsPrefix + key.System)));
            var serviceWarnings = entries.Where(e => e.Kind == StderrEntryKind.Warning && e.Text.StartsWith("Service instance '", StringComparison.Ordinal))
                .Select(e => e.Text.Split('\n')[0].Trim()).Distinct().Order(StringComparer.Ordinal).ToList();
            fields[FieldKey.Warnings()] = new ObservedValue(JsonValues.Strings(serviceWarnings));
            notes.AddRange(entries.Where(e => !(e.Kind == StderrEntryKind.Trace && e.Text.StartsWith(pkgsPrefix, StringComparison.Ordinal))
                                              && !(e.Kind == StderrEntryKind.Warning && e.Text.StartsWith("Service instance '", StringComparison.Ordinal)))
                .Select(e => $"{e.Kind.ToString().ToLowerInvariant()}: {e.Text}"));
        }
        return new ObservedCase(new CaseObservation(c.Id, fields) { Unobserved = unobserved, Notes = notes.Distinct().ToList() },
            acc.BatchProcesses + acc.OtherProcesses);
    }

    /// <summary>Evaluates units in one process; on an uncaught error or a timeout, bisects (cases first, then a case's fields).</summary>
    private async Task RunUnitsAsync(IReadOnlyList<BatchUnit> units, IReadOnlyDictionary<string, Accumulator> accumulators,
        SemaphoreSlim gate, bool isolatedRun, CancellationToken cancellationToken)
    {
        units = units.Where(u => u.Fields.Count > 0).ToList();
        if (units.Count == 0) return;
        Exception failure;
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (json, stderr) = await EvaluateBatchAsync(units, cancellationToken);
            foreach (var unit in units)
            {
                var acc = accumulators[unit.Case.Id];
                if (isolatedRun) Interlocked.Increment(ref acc.OtherProcesses); else Interlocked.Increment(ref acc.BatchProcesses);
                var caseJson = json[unit.Case.Id]?.AsObject() ?? throw new NixInfrastructureException($"batch output lacks case {unit.Case.Id}");
                foreach (var key in unit.Fields)
                {
                    var cell = caseJson[key.Text]?.AsObject() ?? throw new NixInfrastructureException($"batch output lacks {unit.Case.Id}/{key}");
                    if (cell.ContainsKey("value")) acc.Fields[key] = new ObservedValue(cell["value"]?.DeepClone());
                    else acc.CaughtErrors.Add(key);
                }
                if (!isolatedRun)
                    foreach (var entry in stderr.GetValueOrDefault(unit.Case.Id, [])) acc.Stderr.Enqueue(entry);
            }
            return;
        }
        catch (Exception e) when (e is NixEvaluationException or NixTimeoutException)
        {
            failure = e;
        }
        finally
        {
            gate.Release();
        }

        if (units.Count > 1)
        {
            _logger.LogInformation("a batch of {Count} case(s) failed as a whole ({Reason}); bisecting", units.Count, Describe(failure));
            var half = units.Count / 2;
            await Task.WhenAll(RunUnitsAsync(units.Take(half).ToList(), accumulators, gate, isolatedRun, cancellationToken),
                RunUnitsAsync(units.Skip(half).ToList(), accumulators, gate, isolatedRun, cancellationToken));
            return;
        }
        var only = units[0];
        var accumulator = accumulators[only.Case.Id];
        if (only.Fields.Count > 1)
        {
            accumulator.Split = !isolatedRun || accumulator.Split;
            var half = only.Fields.Count / 2;
            await Task.WhenAll(
                RunUnitsAsync([only with { Fields = only.Fields.Take(half).ToList() }], accumulators, gate, isolatedRun: true, cancellationToken),
                RunUnitsAsync([only with { Fields = only.Fields.Skip(half).ToList() }], accumulators, gate, isolatedRun: true, cancellationToken));
            return;
        }
        // One field alone still fails: that is its observation.
        Interlocked.Increment(ref accumulator.OtherProcesses);
        accumulator.Fields[only.Fields[0]] = failure switch
        {
            NixEvaluationException ev => new ObservedError(ev.Error.Kind, ev.Error.Message),
            NixTimeoutException t => new ObservedError(ErrorKind.Other, $"clan-conformance: evaluation did not finish within {t.Timeout.TotalSeconds:0}s (killed)"),
            _ => throw failure,
        };
    }

    private async Task<(JsonObject Json, Dictionary<string, List<StderrEntry>> Stderr)> EvaluateBatchAsync(IReadOnlyList<BatchUnit> units, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(session.WorkDirectory, "batches", $"b-{Guid.NewGuid():N}"[..14]);
        try
        {
            BatchRenderer.Render(units, _options.LockFile).WriteTo(dir);
            var request = NixEvalRequest.Attribute(dir, BatchRenderer.ResultsAttribute).WithTimeout(_options.Timeout);
            Interlocked.Increment(ref _processes);
            Interlocked.Add(ref _machineEvaluations, units.Sum(MachineEvaluationsOfUnit));
            var result = await session.Evaluator.EvaluateAsync(request, cancellationToken);
            var json = JsonNode.Parse(result.Json)?.AsObject() ?? throw new NixInfrastructureException("nix printed no JSON object for a batch");
            return (json, AttributeStderr(result.Stderr));
        }
        finally
        {
            if (!_options.KeepWorkDirectories) TryDelete(dir);
        }
    }

    /// <summary>Splits stderr at the batch's begin markers: everything after a case's marker until the next belongs to that case.</summary>
    private static Dictionary<string, List<StderrEntry>> AttributeStderr(StderrReport report)
    {
        var byCase = new Dictionary<string, List<StderrEntry>>(StringComparer.Ordinal);
        string? current = null;
        foreach (var entry in report.Entries)
        {
            if (entry.Kind == StderrEntryKind.Trace && TraceLabels.TryParseBegin(entry.Text, out var id)) { current = id; continue; }
            if (current is null) continue;
            if (!byCase.TryGetValue(current, out var list)) byCase[current] = list = [];
            list.Add(entry);
        }
        return byCase;
    }

    /// <summary>Reads the message of a field that failed under tryEval, by evaluating it alone without tryEval.</summary>
    private async Task<Observed> ReadErrorAsync(ClanCase c, FieldKey key, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        var dir = Path.Combine(session.WorkDirectory, "batches", $"e-{Guid.NewGuid():N}"[..14]);
        try
        {
            BatchRenderer.Render([new BatchUnit(c, [key])], _options.LockFile).WriteTo(dir);
            var request = NixEvalRequest.Attribute(dir, [.. BatchRenderer.RawAttribute, c.Id]).WithApply(BatchRenderer.SelectField(key)).WithTimeout(_options.Timeout);
            Interlocked.Increment(ref _processes);
            try
            {
                var result = await session.Evaluator.EvaluateAsync(request, cancellationToken);
                // tryEval reported an error but the field evaluates alone: report what Nix returned, flagged.
                _logger.LogWarning("case {Case} field {Field} failed under tryEval but evaluates alone", c.Id, key);
                return new ObservedValue(JsonNode.Parse(result.Json));
            }
            catch (NixEvaluationException e)
            {
                return new ObservedError(e.Error.Kind, e.Error.Message);
            }
            catch (NixTimeoutException t)
            {
                return new ObservedError(ErrorKind.Other, $"clan-conformance: evaluation did not finish within {t.Timeout.TotalSeconds:0}s (killed)");
            }
        }
        finally
        {
            gate.Release();
            if (!_options.KeepWorkDirectories) TryDelete(dir);
        }
    }

    private static int MachineEvaluationsOfUnit(BatchUnit unit) =>
        unit.Fields.Where(k => k.Scope is Scope.Configuration or Scope.Internals).Select(k => (k.Scope, k.System, k.Machine)).Distinct().Count();

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
