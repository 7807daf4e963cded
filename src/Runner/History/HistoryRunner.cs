using System.Text.Json.Nodes;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;

namespace Conformance.Runner.History;

/// <summary>
/// <c>history PATH --clan-core-repo CLONE</c>: for each finding (a finding file or the findings
/// directory) the commit that introduced its behaviour, found again the way its file records
/// (<see cref="HistoryFinder"/>), the pull request that merged it on clan-core's forge and the later
/// reverts; for a saved failure its bisected first bad commit and the reverts of it. Git only, no
/// evaluation. Exit 0 when every finding's file records what was found, 1 when one differs (the
/// JSON to record is printed), 2 on usage errors.
/// </summary>
internal sealed class HistoryRunner(ClanCoreRevisions revisions, RepositoryFiles repository, RunnerConsole console)
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
            return await FailureAsync(finder, dir, tipInfo, cancellationToken);

        var differing = 0;
        foreach (var finding in FindingRunner.Load(command.Path))
        {
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
        return differing == 0 ? Campaigns.ExitCodes.Conforms : Campaigns.ExitCodes.Fails;
    }

    private async Task<int> FailureAsync(HistoryFinder finder, string dir, RevisionInfo tip, CancellationToken cancellationToken)
    {
        var metaPath = Path.Combine(dir, "meta.json");
        var meta = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(metaPath), metaPath);
        console.Print($"failure {meta.Fingerprint}");
        if (FailureHistory.Introduction(meta) is not { } recorded)
        {
            var fix = meta.BaseVersions?.ClanCoreRevision is { } b && meta.Versions.ClanCoreRevision is { } h
                ? $"clan-conformance bisect --clan-core-repo CLONE --good {b.ShortHash} --bad {h.ShortHash} {dir}"
                : "clan-conformance bisect --clan-core-repo CLONE --good REV --bad REV " + dir;
            throw new UsageException($"failure {meta.Fingerprint} records no first bad commit: bisect it first ({fix}), which writes it into its meta.json.");
        }
        Print(await finder.TraceAsync(recorded, tip.Hash, cancellationToken), null);
        return Campaigns.ExitCodes.Conforms;
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
