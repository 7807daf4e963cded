using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.NixDriver.Rendering;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Reports;

/// <summary>
/// <c>report PATH</c>: a saved failure's report, regenerated from its files (so it reflects the
/// current report format). With <c>--clan-core-repo</c>/<c>--clan-core-rev</c>, the report's
/// commands are first run against that revision and what they print is added to the report (does
/// the revision show the report's expected value, its actual one, or neither?).
/// </summary>
internal sealed class ReportRunner(NixSessionFactory sessions, RepositoryFiles repository, RunnerConsole console, FindingRunner findings)
{
    public async Task<int> RunAsync(ReportCommand command, CancellationToken cancellationToken)
    {
        // A finding file, or a directory of them (no meta.json): reports from the findings' reproductions.
        if (command.Path.EndsWith(".json", StringComparison.Ordinal) && File.Exists(command.Path)
            || Directory.Exists(command.Path) && !File.Exists(Path.Combine(command.Path, "meta.json")) && Directory.GetFiles(command.Path, "*.json").Length > 0)
            return await findings.RunAsync(command, cancellationToken);
        var dir = Path.GetFullPath(command.Path);
        if (File.Exists(dir)) dir = Path.GetDirectoryName(dir)!;
        string Read(string name)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path))
                throw new UsageException($"{dir} is not a saved failure ({name} is missing). Pass failures/<fingerprint> from a run's output directory.");
            return File.ReadAllText(path);
        }
        var meta = RecordJson.Deserialize<FailureMeta>(Read("meta.json"), Path.Combine(dir, "meta.json"));
        var fields = RecordJson.Deserialize<List<FieldRecord>>(Read("verdict.json"), Path.Combine(dir, "verdict.json"));
        var clanCase = CaseJson.Deserialize(Read("case.json"));
        if (command.OutDirectory is { } outDir) return await FiledAsync(command, dir, outDir, meta, fields, clanCase, cancellationToken);
        if (command.Nix.ClanCoreRepository is not null)
            meta = meta with { ReproChecks = [.. meta.ReproChecks, .. await CheckAsync(command.Nix, clanCase, fields, cancellationToken)] };
        console.Print(UpstreamReport.Render(meta, fields, clanCase, ReproTree.For(clanCase, meta.Versions, repository.LockFile)));
        return 0;
    }

    /// <summary>
    /// <c>report FAILURE_DIR --out DIR</c>: the failure as a filed-ready report (the shape of a
    /// finding's: pinned flake, one command, its output at the failure's revision, verbatim).
    /// </summary>
    private async Task<int> FiledAsync(ReportCommand command, string dir, string outDir, FailureMeta meta, IReadOnlyList<FieldRecord> fields, ClanCase clanCase,
        CancellationToken cancellationToken)
    {
        var nix = command.Nix;
        if (meta.Versions.ClanCoreRevision is { } revision)
            nix = nix with
            {
                ClanCoreRepository = nix.ClanCoreRepository ?? throw new UsageException($"{dir} was found at clan-core {revision.Hash[..9]}: pass --clan-core-repo CLONE so its reproduction runs there."),
                ClanCoreRevision = revision.Hash,
            };
        var finding = FailureFinding.From(meta, fields, clanCase, sessions.KnownDeviations(command.Nix)) with { SourcePath = dir };
        // With the clone at hand, the report also names the later reverts of its first bad commit.
        if (finding.IntroducedBy is { } introduced && nix.ClanCoreRepository is { } clone)
        {
            var repo = await History.HistoryFinderFor.OpenAsync(clone, cancellationToken);
            var found = await new History.HistoryFinder(new NixDriver.Revisions.RevisionHistory(repo)).TraceAsync(introduced, "HEAD", cancellationToken);
            finding = finding with { Reverts = found.Reverts.Select(r => r.Revert).ToList() };
        }
        // A diff's failure is reduced against both revisions: the base must keep printing the expected value.
        var (_, report) = (await findings.RenderAsync(nix, [finding], cancellationToken, $"clan-conformance report {dir} --out {outDir}",
            meta.BaseVersions?.ClanCoreRevision?.Hash, Introduced(meta))).Single();
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, finding.Name + ".md");
        await File.WriteAllTextAsync(path, report, cancellationToken);
        console.Say($"failure {meta.Fingerprint}: {path}");
        return 0;
    }

    /// <summary>
    /// A campaign's upstream.md for each shrunk cause (<see cref="Campaigns.TriageTools.Upstream"/>): the
    /// finding and renderer of <c>report FAILURE_DIR --out DIR</c>, run on the campaign's revision under
    /// test in its session (a diff's also on its base, <paramref name="contrast"/>). What Nix evaluated is
    /// read once, by the first cause; a failure that cannot be reported (only stderr differs, a tree no
    /// revision pins) gets the reason instead. The repro is reduced in half the time the triage budget
    /// has left (the rest is for running it as a reader does and for the causes still waiting).
    /// </summary>
    public static Func<FailureMeta, IReadOnlyList<FieldRecord>, ClanCase, string, TimeSpan, CancellationToken, Task<(string? Text, string? Skipped)>> Upstream(
        NixDriver.Sessions.NixSession session, EvaluationTarget target, NixDriver.Observing.ObserverOptions options, IReadOnlyList<KnownDeviation> deviations,
        EvaluationTarget? contrast = null)
    {
        var gate = new object();
        Task<FindingRunner.Renderer>? renderer = null;
        return async (meta, fields, clanCase, dir, left, cancellationToken) =>
        {
            if (FailureFinding.Reported(fields) is null) return (null, FailureFinding.WhyNone(meta.Fingerprint));
            try
            {
                Task<FindingRunner.Renderer> open;
                // A failed or cut first read is tried again by the next cause.
                lock (gate) open = renderer = renderer is { IsFaulted: false, IsCanceled: false } ? renderer
                    : FindingRunner.Renderer.OpenAsync(session, target, options.LockFile, options.Timeout, cancellationToken, contrast);
                var finding = FailureFinding.From(meta, fields, clanCase, deviations) with { SourcePath = dir };
                var regenerate = $"clan-conformance report {dir} --out DIR" + (meta.Versions.ClanCoreRevision is null ? "" : " --clan-core-repo CLONE");
                return (await (await open).RenderAsync(finding, regenerate, cancellationToken, left / 2, Introduced(meta)), null);
            }
            catch (UsageException e)
            {
                return (null, e.Message);
            }
        };
    }

    /// <summary>A failure's first bad commit as its report states it (found by bisecting between the revisions it names).</summary>
    private static Introduction? Introduced(FailureMeta meta) => meta.FirstBadCommit is { } bad
        ? Introduction.From(bad, meta.BaseVersions?.ClanCoreRevision is { } good && meta.Versions.ClanCoreRevision is { } head
            ? $"bisected between `{good.Hash[..9]}` and `{head.Hash[..9]}`"
            : "bisected")
        : null;

    private async Task<IReadOnlyList<ReproCheck>> CheckAsync(NixOptions nix, ClanCase clanCase, IReadOnlyList<FieldRecord> fields, CancellationToken cancellationToken)
    {
        sessions.Validate(nix);
        await using var session = await sessions.StartAsync(nix, cancellationToken);
        var options = sessions.ObserverOptions(nix);
        var target = await sessions.TargetAsync(session, nix, options, cancellationToken);
        var verifier = new ReproVerifier(session, options.LockFile, options.Timeout);
        var comparisons = fields.Select(f => f.ToComparison()).ToList();
        var minimal = new CaseResult(clanCase, new Model.Outcomes.Prediction(clanCase.Id, new Dictionary<FieldKey, Model.Outcomes.Outcome>()),
            new CaseObservation(clanCase.Id, new Dictionary<FieldKey, Observed>()), new CaseVerdict(clanCase.Id, comparisons));
        // Run once, read twice: does the revision print the report's actual, or its expected?
        var asActual = await verifier.VerifyAsync(minimal, comparisons, [new("checked (actual?)", target.Versions.ClanCore, target.Evaluator, Expected: false)], cancellationToken);
        var asExpected = await verifier.VerifyAsync(minimal, comparisons, [new("checked (expected?)", target.Versions.ClanCore, target.Evaluator, Expected: true)], cancellationToken);
        return asActual.Zip(asExpected, (a, e) => a with
        {
            Role = a.AsReported ? "given (it shows the actual value)" : e.AsReported ? "given (it shows the expected value)" : "given (it shows neither value)",
            AsReported = a.AsReported || e.AsReported,
        }).ToList();
    }
}
