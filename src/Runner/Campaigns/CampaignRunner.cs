using System.Collections.Concurrent;
using System.Diagnostics;
using Conformance.Generators;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.NixDriver.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Progress;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// A campaign: generate cases from a seed, check them against Nix, save each failure as soon as it
/// is found, shrink one case per distinct cause, and write summary.json / summary.md.
/// </summary>
public sealed class CampaignRunner(NixSessionFactory sessions, FailureCorpus corpus, ILogger<CampaignRunner> logger)
{
    public async Task<int> RunAsync(RunCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var wall = Stopwatch.StartNew();
        var outDir = Path.GetFullPath(command.OutDirectory ?? Path.Combine("runs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{command.Seed}"));
        Directory.CreateDirectory(outDir);
        // "New" means not in this output directory's corpus before this run (deduplication across runs).
        var known = Directory.Exists(Path.Combine(outDir, "failures"))
            ? Directory.GetDirectories(Path.Combine(outDir, "failures")).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        var focus = command.Focus.ToHashSet();
        Console.Error.WriteLine($"clan-conformance: {command.Cases} case(s), seed {command.Seed}, size {command.Size}, output {outDir}");

        await using var session = await sessions.StartAsync(command.Nix, cancellationToken);
        var options = sessions.CheckOptions(command.Nix);
        var versions = await VersionProbe.ReadAsync(session, options.LockFile, cancellationToken);
        Console.Error.WriteLine($"evaluating {versions.ClanCore}; {versions.Nixpkgs}; nix {versions.Nix} ({versions.Backend})");
        var setup = wall.Elapsed;

        var checker = new ConformanceChecker(session, options, logger);
        var cases = ClanArbitraries.Campaign(command.Seed, command.Cases, command.Size);
        var results = new ConcurrentBag<CaseResult>();
        var firstByFingerprint = new ConcurrentDictionary<string, CaseResult>();
        var casesByFingerprint = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var saveGate = new SemaphoreSlim(1, 1);
        IReadOnlyList<FieldComparison> Failing(CaseVerdict v) => FailingFields(v, focus);

        var interrupted = false;
        string? infrastructureFailure = null;
        var checkClock = Stopwatch.StartNew();
        try
        {
            await checker.CheckAsync(cases, new ProgressReporter("checking"), async result =>
            {
                results.Add(result);
                var failing = Failing(result.Verdict);
                if (failing.Count == 0) return;
                var fingerprint = Fingerprint.Of(failing);
                casesByFingerprint.GetOrAdd(fingerprint, _ => []).Add(result.Case.Id);
                if (!firstByFingerprint.TryAdd(fingerprint, result)) return;
                // Saved before anything else happens to it: nothing found is lost.
                await saveGate.WaitAsync(cancellationToken);
                try
                {
                    var dir = corpus.Save(outDir, result, failing, fingerprint, Meta(command, result, failing, fingerprint, versions));
                    Console.Error.WriteLine($"failure {fingerprint} in {result.Case.Id}: {string.Join("; ", Fingerprint.Tokens(result.Verdict))} → {dir}");
                }
                finally
                {
                    saveGate.Release();
                }
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        catch (NixDriver.Backends.NixInfrastructureException e)
        {
            // The run cannot go on, but what it found is saved: write the summary, then report the fault.
            interrupted = true;
            infrastructureFailure = e.Message;
        }
        var checkTime = checkClock.Elapsed;
        var checkProcesses = checker.Processes;
        var checkMachineEvaluations = checker.MachineEvaluations;

        var shrinkClock = Stopwatch.StartNew();
        // Failures as found, keyed by their fingerprint; shrinking may show that several are one
        // cause (same minimal failure): then they are reported once, under the minimal fingerprint.
        var reported = new Dictionary<string, (CaseResult Result, List<string> Cases, bool IsNew)>(StringComparer.Ordinal);
        foreach (var (fingerprint, first) in firstByFingerprint.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var final = fingerprint;
            var shown = first;
            if (command.Shrink && !interrupted)
            {
                try
                {
                    Console.Error.WriteLine($"shrinking {fingerprint} ({first.Case.Id}, {first.Case.Machines.Count} machine(s))…");
                    var shrinker = new BatchShrinker(new ConformanceChecker(session, options, logger), Failing);
                    var (minimal, steps) = await shrinker.ShrinkAsync(first, cancellationToken);
                    var failing = Failing(minimal.Verdict);
                    final = Fingerprint.Of(failing);
                    shown = minimal;
                    var dir = corpus.Save(outDir, minimal, failing, final,
                        Meta(command, minimal, failing, final, versions) with
                        {
                            Shrunk = true, ShrinkSteps = steps, OriginalMachines = first.Case.Machines.Count, MinimalMachines = minimal.Case.Machines.Count,
                            Occurrences = [.. casesByFingerprint[fingerprint].Order(StringComparer.Ordinal).Select(id => $"seed {command.Seed} {id} at {DateTimeOffset.UtcNow:u}")],
                        }, original: first.Case);
                    if (final != fingerprint) FailureCorpus.MarkMerged(outDir, fingerprint, final);
                    Console.Error.WriteLine($"  {steps} step(s): {minimal.Case.Machines.Count} machine(s), {minimal.Case.Modules.Count} module(s){(final == fingerprint ? "" : $"; same cause as {final}")} → {dir}");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    interrupted = true;
                }
            }
            if (reported.TryGetValue(final, out var existing))
                existing.Cases.AddRange(casesByFingerprint[fingerprint]);
            else
                reported[final] = (shown, [.. casesByFingerprint[fingerprint]], !known.Contains(final));
        }

        var summary = Summarise(command, results.ToList(), focus, versions, reported, outDir, interrupted, infrastructureFailure,
            new Timings(wall.Elapsed.TotalSeconds, setup.TotalSeconds, checkTime.TotalSeconds, shrinkClock.Elapsed.TotalSeconds,
                checkProcesses, checkMachineEvaluations, checkMachineEvaluations / Math.Max(checkTime.TotalMinutes, 1e-6)));
        AtomicFile.Write(Path.Combine(outDir, "summary.json"), RecordJson.Serialize(summary));
        AtomicFile.Write(Path.Combine(outDir, "summary.md"), summary.ToMarkdown());
        Console.Error.WriteLine($"{summary.CasesConforming}/{summary.CasesRun} conform, {summary.Failures.Count} distinct failure(s); {Path.Combine(outDir, "summary.md")}");
        if (infrastructureFailure is not null)
            throw new NixDriver.Backends.NixInfrastructureException($"{infrastructureFailure} (the run stopped; results found so far are in {outDir})");
        if (interrupted)
        {
            Console.Error.WriteLine($"interrupted: partial results in {outDir}");
            return 2;
        }
        if (summary.Failures.Count > 0) return 1;
        if (summary.HarnessFaults.Count > 0)
        {
            Console.Error.WriteLine($"error: {summary.HarnessFaults.Count} case(s) could not be fully observed (infrastructure: {summary.HarnessFaults.Values.First()}). Raise --timeout or lower --workers; see {Path.Combine(outDir, "summary.md")}.");
            return 2;
        }
        return 0;
    }

    /// <summary>Disagreements that count, restricted to the focus areas when any are given.</summary>
    public static IReadOnlyList<FieldComparison> FailingFields(CaseVerdict verdict, IReadOnlySet<FocusArea> focus) =>
        verdict.Fields.Where(f => f.Counts && (focus.Count == 0 || FocusAreas.Of(f.Key, f.Expected, f.Actual).Overlaps(focus))).ToList();

    private static FailureMeta Meta(RunCommand command, CaseResult result, IReadOnlyList<FieldComparison> failing, string fingerprint, EvaluatedVersions versions) => new()
    {
        Fingerprint = fingerprint,
        Tokens = Fingerprint.Tokens(failing),
        CaseId = result.Case.Id,
        Seed = command.Seed,
        Size = command.Size,
        Versions = versions,
        FirstSeen = DateTimeOffset.UtcNow,
        Occurrences = [$"seed {command.Seed} {result.Case.Id} at {DateTimeOffset.UtcNow:u}"],
        OriginalMachines = result.Case.Machines.Count,
        MinimalMachines = result.Case.Machines.Count,
        Focus = command.Focus.Select(FocusAreas.Name).ToList(),
        Notes = result.Observation.Notes.Take(10).ToList(),
    };

    private static CampaignSummary Summarise(RunCommand command, IReadOnlyList<CaseResult> results, IReadOnlySet<FocusArea> focus,
        EvaluatedVersions versions, IReadOnlyDictionary<string, (CaseResult Result, List<string> Cases, bool IsNew)> reported,
        string outDir, bool interrupted, string? infrastructureFailure, Timings timings)
    {
        var properties = new SortedDictionary<string, PropertyCount>(StringComparer.Ordinal);
        foreach (var area in Enum.GetValues<FocusArea>().Where(a => focus.Count == 0 || focus.Contains(a)))
        {
            var inArea = results.Select(r => r.Verdict.Fields.Where(f => FocusAreas.Of(f.Key, f.Expected, f.Actual).Contains(area)).ToList()).ToList();
            properties[FocusAreas.Name(area)] = new PropertyCount(
                inArea.Count(fields => fields.Count > 0 && fields.All(f => !f.Counts)),
                inArea.Count(fields => fields.Any(f => f.Counts)),
                inArea.Sum(fields => fields.Count));
        }
        var failing = results.Count(r => FailingFields(r.Verdict, focus).Count > 0);
        return new CampaignSummary
        {
            Seed = command.Seed,
            Size = command.Size,
            CasesRequested = command.Cases,
            CasesRun = results.Count,
            CasesConforming = results.Count - failing,
            CasesFailing = failing,
            Interrupted = interrupted,
            InfrastructureFailure = infrastructureFailure,
            Focus = command.Focus.Select(FocusAreas.Name).ToList(),
            Versions = versions,
            Properties = properties,
            KnownDeviations = Count(results.SelectMany(r => r.Verdict.Deviations.Select(d => d.KnownDeviation!))),
            DisappearedDeviations = Count(results.SelectMany(r => r.Verdict.DisappearedDeviations.Select(d => d.DeviationDisappeared!))),
            Classification = Count(results.SelectMany(r => CaseClassifier.Labels(r.Case, r.Prediction))),
            Failures = reported.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new FailureSummary(
                kv.Key, Fingerprint.Tokens(FailingFields(kv.Value.Result.Verdict, focus)),
                kv.Value.Cases.Distinct().Order(StringComparer.Ordinal).ToList(),
                Path.GetRelativePath(outDir, FailureCorpus.DirectoryFor(outDir, kv.Key)), kv.Value.IsNew)).ToList(),
            UnobservedFields = results.Sum(r => r.Verdict.Unobserved.Count),
            HarnessFaults = results.Where(r => r.Verdict.Faults.Count > 0).OrderBy(r => r.Case.Id, StringComparer.Ordinal)
                .ToDictionary(r => r.Case.Id, r => $"{r.Verdict.Faults.Count} field(s): {r.Verdict.Faults.Values.First()}"),
            Timings = timings,
        };
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string> items)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items) counts[item] = counts.GetValueOrDefault(item) + 1;
        return counts;
    }
}
