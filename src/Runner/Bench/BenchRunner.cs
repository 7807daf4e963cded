using System.Diagnostics;
using Conformance.Generators;
using Conformance.Model.Observations;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Observing;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Bench;

/// <summary>bench.json.</summary>
internal sealed record BenchResult(
    int Cases, int Workers, int MachineEvaluations,
    double NaiveSeconds, int NaiveProcesses, double NaiveMachineEvalsPerMin, double NaiveCaseProcessSeconds,
    double HarnessSeconds, int HarnessProcesses, double HarnessMachineEvalsPerMin,
    double Ratio, double PeakRssMb, int NaiveDisagreeingFields, int HarnessDisagreeingFields, string Backend, string Machine)
{
    /// <summary>The services-only measurement (cases observed without machine evaluations); null when not run.</summary>
    public ServiceBench? Services { get; init; }
}

/// <summary>
/// Service cases (<c>--focus services</c>'s generator, no machine evaluation): the harness's
/// throughput in cases per minute, and the naive way's on the first <see cref="NaiveCases"/> of them.
/// </summary>
internal sealed record ServiceBench(int Cases, double HarnessSeconds, int HarnessProcesses, double HarnessCasesPerMin,
    int NaiveCases, double NaiveSeconds, int NaiveProcesses, double NaiveCasesPerMin, int HarnessDisagreeingFields, int NaiveDisagreeingFields, string Load);

/// <summary>
/// Measures, on the same cases, two observers through the same Predict and Compare stages: the
/// naive one (<see cref="NaiveObserver"/>: one <c>nix eval</c> per case, then one per field that
/// failed, one at a time) and the harness's (<see cref="BatchObserver"/>: batches through
/// <c>nix repl</c>, several workers). Both count processes and machine evaluations the same way, and
/// both must observe the same thing: the bench compares how many fields each found disagreeing.
/// </summary>
internal sealed class BenchRunner(NixSessionFactory sessions, RunnerConsole console, ILogger<BenchRunner> logger)
{
    public async Task<int> RunAsync(BenchCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var outDir = Path.GetFullPath(command.OutDirectory ?? Path.Combine("runs", $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        Directory.CreateDirectory(outDir);
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken);
        var options = sessions.ObserverOptions(command.Nix);
        var known = sessions.KnownDeviationIds(command.Nix);
        var cases = ClanArbitraries.Campaign(command.Seed, command.Cases);
        console.Say($"bench: {cases.Count} cases, {cases.Sum(ObservationPlan.MachineEvaluations)} machine evaluations, backend {session.Backend.Description}");

        // Warm-up (store, file system caches) so that neither side pays it.
        await new ModelCheck(new BatchObserver(session, options with { Workers = 1 }), known).CheckAsync(cases.Take(1).ToList(), cancellationToken: cancellationToken);

        var naiveObserver = new NaiveObserver(session, options);
        var (naive, naiveDisagreeing) = await TimedCheckAsync(naiveObserver, known, cases, "naive", cancellationToken);
        console.Say($"naive: {naive.TotalSeconds:0.0} s, {naiveObserver.Processes} processes");

        var harnessObserver = new BatchObserver(session, options, logger);
        var (harness, harnessDisagreeing) = await TimedCheckAsync(harnessObserver, known, cases, "harness", cancellationToken);
        console.Say($"harness: {harness.TotalSeconds:0.0} s, {harnessObserver.Processes} processes");

        var peak = await PeakRssMegabytesAsync(session, cases, options, cancellationToken);
        var naiveRate = naiveObserver.MachineEvaluations / Math.Max(naive.TotalMinutes, 1e-6);
        var harnessRate = harnessObserver.MachineEvaluations / Math.Max(harness.TotalMinutes, 1e-6);
        var services = await ServicesAsync(session, options, known, command, cancellationToken);
        var result = new BenchResult(cases.Count, options.Workers, harnessObserver.MachineEvaluations,
            naive.TotalSeconds, naiveObserver.Processes, naiveRate, naiveObserver.CaseProcessTime.TotalSeconds,
            harness.TotalSeconds, harnessObserver.Processes, harnessRate,
            harnessRate / naiveRate, peak, naiveDisagreeing, harnessDisagreeing, session.Backend.Description,
            $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB") { Services = services };
        AtomicFile.Write(Path.Combine(outDir, "bench.json"), System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        }) + "\n");
        console.Print($"naive:   {naiveRate,8:0.0} machine-evals/min ({naive.TotalSeconds:0.0} s, {naiveObserver.Processes} processes, 1 worker)");
        console.Print($"harness: {harnessRate,8:0.0} machine-evals/min ({harness.TotalSeconds:0.0} s, {harnessObserver.Processes} processes, {options.Workers} workers)");
        console.Print($"ratio:   {result.Ratio:0.00}x   peak RSS per nix process: {peak:0} MB   → {Path.Combine(outDir, "bench.json")}");
        console.Print($"(the naive way's one-per-case processes alone took {naiveObserver.CaseProcessTime.TotalSeconds:0.0} s: " +
            $"{naiveObserver.MachineEvaluations / Math.Max(naiveObserver.CaseProcessTime.TotalMinutes, 1e-6):0.0} machine-evals/min if error messages were never read)");
        console.Print($"services: {services.HarnessCasesPerMin,7:0.0} cases/min ({services.Cases} service cases, {services.HarnessSeconds:0.0} s, {services.HarnessProcesses} processes; " +
            $"naive {services.NaiveCasesPerMin:0.0} cases/min on {services.NaiveCases}; load {services.Load})");
        if (result.NaiveDisagreeingFields != result.HarnessDisagreeingFields)
            console.Say($"warning: the two observers disagree: {result.NaiveDisagreeingFields} vs {result.HarnessDisagreeingFields} disagreeing fields");
        return 0;
    }

    /// <summary>
    /// Services-only cases, ten per bench case (at least 100): the batched harness on all of them,
    /// the naive way on the first twenty. Both through the same Predict and Compare stages.
    /// </summary>
    private async Task<ServiceBench> ServicesAsync(NixSession session, ObserverOptions options, IReadOnlySet<string> known, BenchCommand command, CancellationToken cancellationToken)
    {
        var cases = ClanArbitraries.Campaign(command.Seed, Math.Max(100, command.Cases * 10), kind: CaseKind.Services);
        var load = LoadAverage();
        var harness = new BatchObserver(session, options, logger);
        var (harnessTime, harnessDisagreeing) = await TimedCheckAsync(harness, known, cases, "services (harness)", cancellationToken);
        var naiveCases = cases.Take(20).ToList();
        var naive = new NaiveObserver(session, options);
        var (naiveTime, naiveDisagreeing) = await TimedCheckAsync(naive, known, naiveCases, "services (naive)", cancellationToken);
        return new ServiceBench(cases.Count, harnessTime.TotalSeconds, harness.Processes, cases.Count / Math.Max(harnessTime.TotalMinutes, 1e-6),
            naiveCases.Count, naiveTime.TotalSeconds, naive.Processes, naiveCases.Count / Math.Max(naiveTime.TotalMinutes, 1e-6),
            harnessDisagreeing, naiveDisagreeing, $"{load} → {LoadAverage()}");
    }

    /// <summary>Checks <paramref name="cases"/> through <paramref name="observer"/> with progress shown: how long it took, and how many fields disagreed.</summary>
    private async Task<(TimeSpan Time, int Disagreeing)> TimedCheckAsync(IObserver observer, IReadOnlySet<string> known,
        IReadOnlyList<Model.Cases.ClanCase> cases, string label, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var results = await new ModelCheck(observer, known).CheckAsync(cases, progress: new Progress.ProgressReporter(label, console.Error, Progress.ProgressReporter.IsTerminal(console.Error)), cancellationToken: cancellationToken);
        return (clock.Elapsed, results.Sum(r => r.Verdict.Disagreements.Count()));
    }

    /// <summary>The 1-minute load average, read to put a throughput in context (the machine may be shared).</summary>
    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }

    /// <summary>Peak resident memory of one harness batch process, measured with GNU time inside the backend.</summary>
    private static async Task<double> PeakRssMegabytesAsync(NixSession session, IReadOnlyList<Model.Cases.ClanCase> cases, ObserverOptions options, CancellationToken cancellationToken)
    {
        var batch = new List<Model.Cases.ClanCase>();
        var cost = 0;
        foreach (var c in cases)
        {
            if (cost + ObservationPlan.MachineEvaluations(c) > options.MachineEvaluationsPerBatch && batch.Count > 0) break;
            batch.Add(c);
            cost += ObservationPlan.MachineEvaluations(c);
        }
        var dir = session.CreateScratchDirectory("rss");
        BatchRenderer.Render(batch.Select(c => new BatchUnit(c, ObservationPlan.Evaluated(c).ToList())).ToList(), options.LockFile).WriteTo(dir);
        var command = session.Evaluator.BuildCommand(NixEvalRequest.Attribute(dir, BatchRenderer.ResultsAttribute));
        var result = await session.Backend.RunAsync(command.WithPeakMemoryMeasurement(), cancellationToken);
        return result.PeakRssKilobytes is { } kb ? kb / 1024.0 : double.NaN;
    }
}
