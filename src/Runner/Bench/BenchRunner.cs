using System.Diagnostics;
using System.Text.Json.Nodes;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.NixDriver.Checking;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Bench;

/// <summary>bench.json.</summary>
public sealed record BenchResult(
    int Cases, int Workers, int MachineEvaluations,
    double NaiveSeconds, int NaiveProcesses, double NaiveMachineEvalsPerMin, double NaiveCaseProcessSeconds,
    double HarnessSeconds, int HarnessProcesses, double HarnessMachineEvalsPerMin,
    double Ratio, double PeakRssMb, int NaiveDisagreeingFields, int HarnessDisagreeingFields, string Backend, string Machine);

/// <summary>
/// Measures, on the same cases, the naive way (one <c>nix eval</c> process per case, then one per
/// field that failed, to read its message; one at a time) against the harness's way (batches
/// through <c>nix repl</c>, several workers). Both must observe the same thing: the bench also
/// compares how many fields each found disagreeing.
/// </summary>
public sealed class BenchRunner(NixSessionFactory sessions, ILogger<BenchRunner> logger)
{
    public async Task<int> RunAsync(BenchCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var outDir = Path.GetFullPath(command.OutDirectory ?? Path.Combine("runs", $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        Directory.CreateDirectory(outDir);
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken);
        var options = sessions.CheckOptions(command.Nix);
        var cases = ClanArbitraries.Campaign(command.Seed, command.Cases);
        var machineEvaluations = cases.Sum(ConformanceChecker.MachineEvaluationsOf);
        Console.Error.WriteLine($"bench: {cases.Count} cases, {machineEvaluations} machine evaluations, backend {session.Backend.Description}");

        // Warm-up (store, file system caches) so that neither side pays it.
        await new ConformanceChecker(session, options with { Workers = 1 }).CheckAsync(cases.Take(1).ToList(), cancellationToken: cancellationToken);

        var naiveClock = Stopwatch.StartNew();
        var (naiveProcesses, naiveDisagreeing, naiveCaseSeconds) = await NaiveAsync(session, cases, options.LockFile, cancellationToken);
        var naive = naiveClock.Elapsed;
        Console.Error.WriteLine($"naive: {naive.TotalSeconds:0.0} s, {naiveProcesses} processes");

        var harnessClock = Stopwatch.StartNew();
        var checker = new ConformanceChecker(session, options, logger);
        var results = await checker.CheckAsync(cases, new Progress.ProgressReporter("harness"), cancellationToken: cancellationToken);
        var harness = harnessClock.Elapsed;
        var harnessDisagreeing = results.Sum(r => r.Verdict.Fields.Count(f => !f.Agrees && f.KnownDeviation is null));
        Console.Error.WriteLine($"harness: {harness.TotalSeconds:0.0} s, {checker.Processes} processes");

        var peak = await PeakRssMegabytesAsync(session, cases, options, cancellationToken);
        var naiveRate = machineEvaluations / Math.Max(naive.TotalMinutes, 1e-6);
        var harnessRate = machineEvaluations / Math.Max(harness.TotalMinutes, 1e-6);
        var result = new BenchResult(cases.Count, options.Workers, machineEvaluations,
            naive.TotalSeconds, naiveProcesses, naiveRate, naiveCaseSeconds, harness.TotalSeconds, checker.Processes, harnessRate,
            harnessRate / naiveRate, peak, naiveDisagreeing, harnessDisagreeing, session.Backend.Description,
            $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB");
        AtomicFile.Write(Path.Combine(outDir, "bench.json"), System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        }) + "\n");
        Console.WriteLine($"naive:   {naiveRate,8:0.0} machine-evals/min ({naive.TotalSeconds:0.0} s, {naiveProcesses} processes, 1 worker)");
        Console.WriteLine($"harness: {harnessRate,8:0.0} machine-evals/min ({harness.TotalSeconds:0.0} s, {checker.Processes} processes, {options.Workers} workers)");
        Console.WriteLine($"ratio:   {result.Ratio:0.00}x   peak RSS per nix process: {peak:0} MB   → {Path.Combine(outDir, "bench.json")}");
        Console.WriteLine($"(the naive way's one-per-case processes alone took {naiveCaseSeconds:0.0} s: {machineEvaluations / Math.Max(naiveCaseSeconds / 60, 1e-6):0.0} machine-evals/min if error messages were never read)");
        if (naiveDisagreeing != harnessDisagreeing)
            Console.Error.WriteLine($"warning: the two ways disagree on {naiveDisagreeing} vs {harnessDisagreeing} disagreeing fields");
        return 0;
    }

    /// <summary>One <c>nix eval</c> per case, then one per failed field (its message), sequentially.</summary>
    private static async Task<(int Processes, int Disagreeing, double CaseProcessSeconds)> NaiveAsync(NixSession session, IReadOnlyList<ClanCase> cases, string? lockFile, CancellationToken cancellationToken)
    {
        var processes = 0;
        var disagreeing = 0;
        // Time in the one-per-case processes alone: what the naive way costs if it never reads error messages.
        var caseProcesses = new System.Diagnostics.Stopwatch();
        foreach (var c in cases)
        {
            var prediction = Oracle.Predict(c);
            var fields = prediction.Keys.Where(k => k.Scope != Scope.Stderr).ToList();
            var dir = session.CreateScratchDirectory("naive");
            BatchRenderer.Render([new BatchUnit(c, fields)], lockFile).WriteTo(dir);
            var observed = new Dictionary<FieldKey, Observed>();
            try
            {
                processes++;
                caseProcesses.Start();
                var evaluated = await session.Evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, [.. BatchRenderer.ResultsAttribute, c.Id]), cancellationToken);
                caseProcesses.Stop();
                var json = JsonNode.Parse(evaluated.Json)!.AsObject();
                foreach (var key in fields)
                    if (json[key.Text]!.AsObject().ContainsKey("value")) observed[key] = new ObservedValue(json[key.Text]!["value"]?.DeepClone());
            }
            catch (NixEvaluationException)
            {
                // An uncatchable error: every field needs its own process below.
                caseProcesses.Stop();
            }
            foreach (var key in fields.Where(k => !observed.ContainsKey(k)))
            {
                processes++;
                try
                {
                    var value = await session.Evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, [.. BatchRenderer.RawAttribute, c.Id]).WithApply(BatchRenderer.SelectField(key)), cancellationToken);
                    observed[key] = new ObservedValue(JsonNode.Parse(value.Json));
                }
                catch (NixEvaluationException e)
                {
                    observed[key] = new ObservedError(e.Error.Kind, e.Error.Message);
                }
            }
            var verdict = Model.Comparison.Comparer.Compare(prediction with { Fields = prediction.Fields.Where(kv => kv.Key.Scope != Scope.Stderr).ToDictionary() },
                new CaseObservation(c.Id, observed));
            disagreeing += verdict.Fields.Count(f => !f.Agrees && f.Expected.Deviation is null);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
        return (processes, disagreeing, caseProcesses.Elapsed.TotalSeconds);
    }

    /// <summary>Peak resident memory of one harness batch process, measured with GNU time inside the backend.</summary>
    private static async Task<double> PeakRssMegabytesAsync(NixSession session, IReadOnlyList<ClanCase> cases, CheckOptions options, CancellationToken cancellationToken)
    {
        var batch = new List<ClanCase>();
        var cost = 0;
        foreach (var c in cases)
        {
            if (cost + ConformanceChecker.MachineEvaluationsOf(c) > options.MachineEvaluationsPerBatch && batch.Count > 0) break;
            batch.Add(c);
            cost += ConformanceChecker.MachineEvaluationsOf(c);
        }
        var dir = session.CreateScratchDirectory("rss");
        BatchRenderer.Render(batch.Select(c => new BatchUnit(c, Oracle.Predict(c).Keys.Where(k => k.Scope != Scope.Stderr).ToList())).ToList(), options.LockFile).WriteTo(dir);
        var command = session.Evaluator.BuildCommand(NixEvalRequest.Attribute(dir, BatchRenderer.ResultsAttribute));
        var result = await session.Backend.RunAsync(command.WithPeakMemoryMeasurement(), cancellationToken);
        return result.PeakRssKilobytes is { } kb ? kb / 1024.0 : double.NaN;
    }
}
