using System.Collections.Concurrent;
using System.Diagnostics;
using Conformance.Generators;
using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;
using Conformance.Runner.Progress;

namespace Conformance.Runner.Campaigns;

/// <summary>What a campaign is about and where its results go (shared by <c>run</c> and <c>diff</c>).</summary>
internal sealed record CampaignSettings
{
    public required string Kind { get; init; }
    public required string OutDirectory { get; init; }
    public int Seed { get; init; }
    public int Size { get; init; }
    public IReadOnlySet<FocusArea> Focus { get; init; } = new HashSet<FocusArea>();
    /// <summary>The generator's CLI name (see <see cref="ClanArbitraries.Name"/>).</summary>
    public string Generator { get; init; } = "clans";
    public bool Shrink { get; init; } = true;
    public TimeSpan ShrinkBudget { get; init; } = TimeSpan.FromMinutes(6);
    public int Workers { get; init; } = 2;
    public required EvaluatedVersions Versions { get; init; }
    public EvaluatedVersions? BaseVersions { get; init; }
    public IReadOnlySet<CauseKey> KnownCauses { get; init; } = new HashSet<CauseKey>();
    public TimeSpan SetupTime { get; init; }
    public bool Verbose { get; init; }
    /// <summary>Shrink causes listed in known-failures.txt too (the nightly does not: they are understood, and its time goes to new ones).</summary>
    public bool ShrinkKnownCauses { get; init; } = true;

    /// <summary>The settings a command's campaign options give.</summary>
    public static CampaignSettings From(string kind, Cli.CampaignOptions options, string outDirectory, int workers, EvaluatedVersions versions,
        IReadOnlySet<CauseKey> knownCauses, TimeSpan setupTime, bool verbose) => new()
    {
        Kind = kind,
        OutDirectory = outDirectory,
        Seed = options.Seed,
        Size = options.Size,
        Focus = options.Focus.ToHashSet(),
        Generator = ClanArbitraries.Name(options.CaseKind),
        Shrink = options.Shrink,
        ShrinkBudget = options.ShrinkBudget,
        Workers = workers,
        Versions = versions,
        KnownCauses = knownCauses,
        SetupTime = setupTime,
        Verbose = verbose,
    };
}

/// <summary>The outcome of a campaign: its summary and the shrunk example of each cause.</summary>
internal sealed record CampaignResult(CampaignSummary Summary, IReadOnlyList<CauseShrinker.Shrunk> Shrunk, IReadOnlyList<CaseResult> Results);

/// <summary>
/// The engine of <c>run</c> and <c>diff</c>: checks cases, saves each distinct failure the moment
/// it is found, groups failures by cause, shrinks one representative per cause in parallel under a
/// budget, and writes summary.json / summary.md with the causes first.
/// </summary>
internal sealed class Campaign(FailureCorpus corpus)
{
    /// <param name="verify">Runs a shrunk example's report commands against the revisions involved (see <see cref="Reports.ReproVerifier"/>); null: not checked.</param>
    public async Task<CampaignResult> ExecuteAsync(ICaseChecker checker, IReadOnlyList<ClanCase> cases, CampaignSettings settings, CancellationToken cancellationToken,
        Func<CaseResult, IReadOnlyList<FieldComparison>, Task<IReadOnlyList<ReproCheck>>>? verify = null)
    {
        var wall = Stopwatch.StartNew();
        var outDir = settings.OutDirectory;
        Directory.CreateDirectory(outDir);
        // "New" means not in this output directory's corpus before this run (deduplication across runs).
        var known = Directory.Exists(Path.Combine(outDir, "failures"))
            ? Directory.GetDirectories(Path.Combine(outDir, "failures")).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        IReadOnlyList<FieldComparison> Failing(CaseVerdict v) => FailingFields(v, settings.Focus);

        var results = new ConcurrentBag<CaseResult>();
        var firstByFingerprint = new ConcurrentDictionary<string, CaseResult>();
        var casesByFingerprint = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var saveGate = new SemaphoreSlim(1, 1);
        var interrupted = false;
        string? infrastructureFailure = null;
        var checkClock = Stopwatch.StartNew();
        try
        {
            await checker.CheckAsync(cases, async result =>
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
                    var causes = CauseKeys.Of(result.Verdict, failing);
                    var dir = corpus.Save(outDir, result, failing, fingerprint, Meta(settings, checker, result, failing, fingerprint, causes));
                    Console.Error.WriteLine($"failure {fingerprint} in {result.Case.Id}: {string.Join(", ", causes)} → {Path.GetRelativePath(outDir, dir)}");
                }
                finally
                {
                    saveGate.Release();
                }
            }, new ProgressReporter(settings.Kind == "diff" ? "comparing" : "checking"), cancellationToken);
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
        var shrinker = new CauseShrinker(checker, Failing)
        {
            Parallelism = Math.Max(1, settings.Workers),
            Budget = settings.ShrinkBudget,
            Trace = settings.Verbose ? new Progress<string>(m => Console.Error.WriteLine("  " + m)) : null,
        };
        var finished = results.ToList();
        var representatives = shrinker.Representatives(finished.OrderBy(r => r.Case.Id, StringComparer.Ordinal));
        var toShrink = settings.ShrinkKnownCauses ? representatives : representatives.Where(r => !settings.KnownCauses.Contains(r.Cause)).ToList();
        var shrunk = new List<CauseShrinker.Shrunk>();
        if (settings.Shrink && !interrupted && toShrink.Count > 0)
        {
            Console.Error.WriteLine($"shrinking one case per cause: {toShrink.Count} cause(s){(toShrink.Count < representatives.Count ? $" ({representatives.Count - toShrink.Count} known, not shrunk)" : "")}, " +
                                    $"budget {settings.ShrinkBudget.TotalMinutes:0.#} min, {shrinker.Parallelism} at a time");
            try
            {
                shrunk.AddRange(await shrinker.ShrinkAsync(toShrink, async s =>
                {
                    var failing = Failing(s.Minimal.Verdict);
                    var fingerprint = Fingerprint.Of(failing);
                    // The report's commands, run against the revisions: they must show expected and actual.
                    var checks = verify is null ? [] : await verify(s.Minimal, failing);
                    await saveGate.WaitAsync(cancellationToken);
                    try
                    {
                        var dir = corpus.Save(outDir, s.Minimal, failing, fingerprint,
                            Meta(settings, checker, s.Minimal, failing, fingerprint, CauseKeys.Of(s.Minimal.Verdict, failing)) with
                            {
                                ReproChecks = checks,
                                CaseId = s.Original.Case.Id,
                                Shrunk = true,
                                ShrinkSteps = s.Steps,
                                ShrinkComplete = s.ReachedFixpoint,
                                OriginalMachines = s.Original.Case.Machines.Count,
                                MinimalMachines = s.Minimal.Case.Machines.Count,
                            }, original: s.Original.Case);
                        var verified = checks.Count == 0 ? "" : $"; report commands reproduce it: {checks.Count(c => c.AsReported)}/{checks.Count}";
                        Console.Error.WriteLine($"  {s.Cause}: {s.Steps} step(s){(s.ReachedFixpoint ? "" : " (budget spent)")}, {s.Minimal.Case.Machines.Count} machine(s){verified} → {Path.GetRelativePath(outDir, dir)}");
                    }
                    finally
                    {
                        saveGate.Release();
                    }
                }, new Progress<string>(m => Console.Error.WriteLine(m)), cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            catch (NixDriver.Backends.NixInfrastructureException e)
            {
                interrupted = true;
                infrastructureFailure = e.Message;
            }
        }

        var summary = Summarise(settings, checker, finished, cases.Count, known, firstByFingerprint, casesByFingerprint, representatives, shrunk,
            interrupted, infrastructureFailure, new Timings(wall.Elapsed.TotalSeconds + settings.SetupTime.TotalSeconds, settings.SetupTime.TotalSeconds,
                checkTime.TotalSeconds, shrinkClock.Elapsed.TotalSeconds, checkProcesses, checkMachineEvaluations,
                checkMachineEvaluations / Math.Max(checkTime.TotalMinutes, 1e-6)));
        AtomicFile.Write(Path.Combine(outDir, "summary.json"), RecordJson.Serialize(summary));
        AtomicFile.Write(Path.Combine(outDir, "summary.md"), summary.ToMarkdown());
        return new CampaignResult(summary, shrunk, finished);
    }

    /// <summary>Disagreements that count, restricted to the focus areas when any are given.</summary>
    public static IReadOnlyList<FieldComparison> FailingFields(CaseVerdict verdict, IReadOnlySet<FocusArea> focus) =>
        verdict.Fields.Where(f => f.Counts && (focus.Count == 0 || FocusAreas.Of(f.Key, f.Expected, f.Actual).Overlaps(focus))).ToList();

    /// <summary>The causes, one line each, for the console (what a person reads first).</summary>
    public static void PrintCauses(CampaignSummary summary, string outDir, TextWriter writer)
    {
        if (summary.Causes.Count == 0) return;
        writer.WriteLine($"{summary.Causes.Count} cause(s) in {summary.CasesFailing} of {summary.CasesRun} case(s):");
        foreach (var c in summary.Causes)
        {
            writer.WriteLine($"  {(c.Known ? "known" : "NEW  ")} {c.Cases,4} case(s)  {c.Title}");
            writer.WriteLine($"        {c.Key}" + (c.Directory is null ? "" : $"  → {Path.Combine(outDir, c.Directory, "report.md")}"));
        }
    }

    private static FailureMeta Meta(CampaignSettings settings, ICaseChecker checker, CaseResult result, IReadOnlyList<FieldComparison> failing,
        string fingerprint, IReadOnlySet<CauseKey> causes) => new()
    {
        Fingerprint = fingerprint,
        Tokens = Fingerprint.Tokens(failing),
        Causes = causes.Select(c => c.Text).ToList(),
        CaseId = result.Case.Id,
        Seed = settings.Seed,
        Size = settings.Size,
        Versions = settings.Versions,
        BaseVersions = settings.BaseVersions,
        Expectation = checker.Expectation,
        FirstSeen = DateTimeOffset.UtcNow,
        Occurrences = [$"seed {settings.Seed} {result.Case.Id} at {DateTimeOffset.UtcNow:u}"],
        OriginalMachines = result.Case.Machines.Count,
        MinimalMachines = result.Case.Machines.Count,
        Focus = settings.Focus.Select(FocusAreas.Name).ToList(),
        Notes = result.Observation.Notes.Take(10).ToList(),
    };

    private static CampaignSummary Summarise(CampaignSettings settings, ICaseChecker checker, IReadOnlyList<CaseResult> results, int requested,
        IReadOnlySet<string> knownBefore, IReadOnlyDictionary<string, CaseResult> firstByFingerprint,
        IReadOnlyDictionary<string, ConcurrentBag<string>> casesByFingerprint,
        IReadOnlyList<(CauseKey Cause, CaseResult Representative)> representatives, IReadOnlyList<CauseShrinker.Shrunk> shrunk,
        bool interrupted, string? infrastructureFailure, Timings timings)
    {
        var focus = settings.Focus;
        var properties = new SortedDictionary<string, PropertyCount>(StringComparer.Ordinal);
        foreach (var area in Enum.GetValues<FocusArea>().Where(a => focus.Count == 0 || focus.Contains(a)))
        {
            var inArea = results.Select(r => r.Verdict.Fields.Where(f => FocusAreas.Of(f.Key, f.Expected, f.Actual).Contains(area)).ToList()).ToList();
            properties[FocusAreas.Name(area)] = new PropertyCount(
                inArea.Count(fields => fields.Count > 0 && fields.All(f => !f.Counts)),
                inArea.Count(fields => fields.Any(f => f.Counts)),
                inArea.Sum(fields => fields.Count));
        }
        var causesOf = results.ToDictionary(r => r.Case.Id, r => CauseKeys.Of(r.Verdict, FailingFields(r.Verdict, focus)));
        var failing = causesOf.Count(kv => kv.Value.Count > 0);
        var causes = representatives.Select(rep =>
        {
            var showing = causesOf.Where(kv => kv.Value.Contains(rep.Cause)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var done = shrunk.FirstOrDefault(s => s.Cause == rep.Cause);
            var example = done?.Minimal ?? rep.Representative;
            var fingerprint = Fingerprint.Of(FailingFields(example.Verdict, focus));
            return new CauseSummary(rep.Cause.Text, CauseTitles.Title(rep.Cause, checker.Expectation), showing.Count)
            {
                Fingerprint = fingerprint,
                Directory = Path.GetRelativePath(settings.OutDirectory, FailureCorpus.DirectoryFor(settings.OutDirectory, fingerprint)),
                ShrinkSteps = done?.Steps ?? 0,
                ShrinkComplete = done?.ReachedFixpoint ?? false,
                MinimalMachines = example.Case.Machines.Count,
                Known = settings.KnownCauses.Contains(rep.Cause),
                Examples = showing.Take(20).ToList(),
            };
        }).ToList();
        return new CampaignSummary
        {
            Kind = settings.Kind,
            Seed = settings.Seed,
            Size = settings.Size,
            CasesRequested = requested,
            CasesRun = results.Count,
            CasesConforming = results.Count - failing,
            CasesFailing = failing,
            Interrupted = interrupted,
            InfrastructureFailure = infrastructureFailure,
            Focus = focus.Select(FocusAreas.Name).ToList(),
            Generator = settings.Generator,
            Expectation = checker.Expectation,
            Versions = settings.Versions,
            BaseVersions = settings.BaseVersions,
            Causes = causes,
            Properties = properties,
            KnownDeviations = Count(results.SelectMany(r => r.Verdict.Deviations.Select(d => d.KnownDeviation!))),
            DisappearedDeviations = Count(results.SelectMany(r => r.Verdict.DisappearedDeviations.Select(d => d.DeviationDisappeared!))),
            Classification = Count(results.SelectMany(r => CaseClassifier.Labels(r.Case, settings.Kind == "diff" ? null : r.Expected))),
            Failures = firstByFingerprint.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new FailureSummary(
                kv.Key, Fingerprint.Tokens(FailingFields(kv.Value.Verdict, focus)),
                casesByFingerprint[kv.Key].Distinct().Order(StringComparer.Ordinal).ToList(),
                Path.GetRelativePath(settings.OutDirectory, FailureCorpus.DirectoryFor(settings.OutDirectory, kv.Key)), !knownBefore.Contains(kv.Key))
            {
                Causes = CauseKeys.Of(kv.Value.Verdict, FailingFields(kv.Value.Verdict, focus)).Select(c => c.Text).ToList(),
            }).ToList(),
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
