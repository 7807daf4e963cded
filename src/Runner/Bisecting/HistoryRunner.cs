using System.Text.Json.Nodes;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.History;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;

namespace Conformance.Runner.Bisecting;

/// <summary>
/// <c>history PATH --clan-core-repo CLONE</c>: for each finding (a finding file or the findings
/// directory) the commit that introduced its behaviour, found again the way its file records
/// (<see cref="HistoryFinder"/>), the pull request that merged it on clan-core's forge and the later
/// reverts; for a saved failure its bisected first bad commit and the reverts of it. Git only, unless
/// something is to be bisected: a failure that records no first bad commit (a diff's, between its
/// base and its head), or a finding given <c>--good REV</c> (its case between REV and the pin, decided
/// by its field) — then <see cref="Bisecting.CaseBisector"/> evaluates the revisions in between. Exit 0
/// when every finding's file records what was found, 1 when one differs (the JSON to record is
/// printed) or a bisection finds nothing, 2 on usage errors.
/// </summary>
internal sealed class HistoryRunner(ClanCoreRevisions revisions, RepositoryFiles repository, RunnerConsole console, NixSessionFactory sessions,
    Microsoft.Extensions.Logging.ILogger<HistoryRunner> logger)
{
    public async Task<int> RunAsync(HistoryCommand command, CancellationToken cancellationToken)
    {
        var repo = await revisions.OpenAsync(command.Repository, cancellationToken);
        var tip = command.Revision ?? PinnedRevision()
            ?? throw new UsageException("history needs the revision the findings describe: pass --clan-core-rev REV (default: the clan-core revision fixtures/test-clan/flake.lock pins, not found here).");
        var tipInfo = await revisions.ResolveAsync(repo, tip, cancellationToken);
        var finder = new HistoryFinder(new RevisionHistory(repo));
        var dir = Directory.Exists(command.Path) ? command.Path : Path.GetDirectoryName(Path.GetFullPath(command.Path))!;
        if (File.Exists(Path.Combine(dir, "meta.json")) && !command.Path.EndsWith(".json", StringComparison.Ordinal) || Path.GetFileName(command.Path) == "meta.json")
            return await FailureAsync(command, repo, finder, dir, tipInfo, cancellationToken);

        var differing = 0;
        foreach (var finding in FindingRunner.Load(command.Path))
        {
            if (command.Good is { } good)
            {
                console.Print($"finding {finding.Number} ({finding.Slug}): bisecting {finding.Field} from {good} to {tipInfo.ShortHash}");
                var bisected = await BisectAsync(command, repo, Bisectable(finding), finding.Field, good, tipInfo, cancellationToken);
                if (bisected is null) { differing++; continue; }
                Print(await finder.TraceAsync(bisected, tipInfo.Hash, cancellationToken), null);
                continue;
            }
            console.Print($"finding {finding.Number} ({finding.Slug}): {finding.Class.ToString().ToLowerInvariant()}");
            var recorded = finding.IntroducedBy!;
            var found = await finder.TraceAsync(recorded, tipInfo.Hash, cancellationToken);
            Print(found, finding.Reverts);
            var differences = HistoryFinder.Differences(recorded, finding.Reverts, found);
            if (differences.Count == 0)
            {
                console.Print($"  as recorded in {finding.SourcePath}");
                continue;
            }
            differing++;
            foreach (var d in differences) console.Print($"  DIFFERS from {finding.SourcePath}: {d}");
            if (found.Introduced is { } now)
                console.Print("  record: " + new JsonObject
                {
                    ["introducedBy"] = now.ToJson(),
                    ["reverts"] = new JsonArray([.. found.Reverts.Where(r => finding.Reverts.Contains(r.Revert)).Select(r => (JsonNode)r.Revert.ToJson())]),
                }.ToJsonString());
        }
        return differing == 0 ? ExitCodes.Conforms : ExitCodes.Fails;
    }

    private async Task<int> FailureAsync(HistoryCommand command, GitRepository repo, HistoryFinder finder, string dir, RevisionInfo tip, CancellationToken cancellationToken)
    {
        var metaPath = Path.Combine(dir, "meta.json");
        var meta = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(metaPath), metaPath);
        console.Print($"failure {meta.Fingerprint}");
        if (FailureHistory.IntroducingCommit(meta) is not { } recorded)
        {
            // A diff's failure: its own ends. Otherwise --good and the revision it was found on.
            var good = command.Good ?? meta.BaseVersions?.ClanCoreRevision?.Hash
                ?? throw new UsageException($"failure {meta.Fingerprint} records no first bad commit and no base revision: pass --good REV (a revision without the behaviour) to bisect it.");
            var bad = meta.Versions.ClanCoreRevision?.Hash ?? tip.Hash;
            var verdict = RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), Path.Combine(dir, "verdict.json"));
            var clanCase = Model.Cases.CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json")));
            console.Print($"  no first bad commit recorded: bisecting from {good[..Math.Min(9, good.Length)]} to {bad[..9]}");
            var bisected = await BisectAsync(command, repo, clanCase, null, good, await revisions.ResolveAsync(repo, bad, cancellationToken), cancellationToken,
                verdict.Select(f => Model.Observations.FieldKey.Parse(f.Key)).ToHashSet());
            if (bisected is null) return ExitCodes.Fails;
            recorded = bisected;
        }
        Print(await finder.TraceAsync(recorded, tip.Hash, cancellationToken), null);
        return ExitCodes.Conforms;
    }

    /// <summary>
    /// A finding's case as a bisection observes it: a clanInternals field's system inspected (a
    /// finding may read a field its case does not inspect, since its report evaluates that one field
    /// alone; a bisection observes the case's plan). A field the plan still lacks is an error: the two
    /// ends would "observe the same" by observing nothing.
    /// </summary>
    internal static Model.Cases.ClanCase Bisectable(Finding finding)
    {
        var clanCase = finding.Field.Scope == Model.Observations.Scope.Internals && !finding.Case.InspectSystems.Contains(finding.Field.System!)
            ? finding.Case with { InspectSystems = [.. finding.Case.InspectSystems, finding.Field.System!] }
            : finding.Case;
        if (!Model.Observations.ObservationPlan.Evaluated(clanCase).Contains(finding.Field))
            throw new UsageException($"finding {finding.Number}: its field {finding.Field} is not among what a bisection observes of its case; bisect a case whose plan has it, or use git log -S/-L.");
        return clanCase;
    }

    /// <summary>
    /// The first commit between <paramref name="good"/> and <paramref name="bad"/> at which the case
    /// observes what <paramref name="bad"/> observes (<see cref="Bisecting.CaseBisector"/>), decided by
    /// <paramref name="field"/> (or <paramref name="fields"/>); null, with the reason printed, when
    /// there is none (the two ends observe the same: the behaviour is older than good).
    /// </summary>
    private async Task<IntroducingCommit?> BisectAsync(HistoryCommand command, GitRepository repo, Model.Cases.ClanCase clanCase, Model.Observations.FieldKey? field,
        string good, RevisionInfo bad, CancellationToken cancellationToken, IReadOnlySet<Model.Observations.FieldKey>? fields = null)
    {
        var nix = command.Nix with { ClanCoreRepository = command.Repository };
        sessions.Validate(nix);
        var goodInfo = await revisions.ResolveAsync(repo, good, cancellationToken);
        if (!await repo.IsAncestorAsync(goodInfo.Hash, bad.Hash, cancellationToken))
            throw new UsageException($"--good {goodInfo.ShortHash} is not an ancestor of {bad.ShortHash}: pick an older revision.");
        await using var session = await sessions.StartAsync(nix, cancellationToken, revisions.EnsureTreesRoot());
        var bisector = new Bisecting.CaseBisector(session, revisions, repo, sessions.ObserverOptions(nix), logger);
        var outcome = await bisector.BisectAsync(clanCase, fields ?? new HashSet<Model.Observations.FieldKey> { field! }, goodInfo, bad, console.Say, cancellationToken);
        foreach (var line in outcome.Lines) console.Say("    " + line);
        if (outcome.FirstBad is not { } first)
        {
            console.Print(outcome.ExitCode == 1
                ? $"  {goodInfo.ShortHash} and {bad.ShortHash} observe the same: the behaviour is older than {goodInfo.ShortHash} (find it with git log -S/-L: introducedBy's log-S or log-L)"
                : $"  {outcome.Lines[^1]}");
            return null;
        }
        return new IntroducingCommit(CommitRecord.Of(first, outcome.FirstBadMerge?.Hash == first.Hash ? null : outcome.FirstBadMerge), IntroductionMethod.Bisect, goodInfo.Hash);
    }

    /// <param name="recorded">The reverts a finding records (null: a failure, which records none): the others found are candidates the file leaves out.</param>
    private void Print(Provenance found, IReadOnlyList<CommitRecord>? recorded)
    {
        if (found.Introduced is { } introduced) console.Print($"  introduced by {introduced.Commit.Commit} ({introduced.Commit.Date}{(introduced.Commit.Pr is { } pr ? $", {CommitRecord.PullRequests}{pr}" : "")}) {introduced.Commit.Subject}");
        foreach (var line in found.Lines) console.Print("    " + line);
        foreach (var (revert, reverted) in found.Reverts)
            console.Print($"  reverted later: {revert.DescribePlain()} (reverts {reverted[..Math.Min(9, reverted.Length)]})" +
                          (recorded is null || recorded.Contains(revert) ? "" : " [candidate; not recorded as about this behaviour]"));
    }

    private string? PinnedRevision() =>
        repository.LockFile is { } lockFile && InputPin.FromLock(lockFile).TryGetValue("clan-core", out var pin) ? pin.Rev : null;
}
