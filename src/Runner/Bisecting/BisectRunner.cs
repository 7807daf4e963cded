using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Bisecting;

/// <summary>
/// <c>bisect</c>: the first commit between <c>--good</c> and <c>--bad</c> at which one case (a saved
/// failure's shrunk case, or a case.json) observes what the bad revision observes (<see cref="CaseBisector"/>).
/// A saved failure is bisected by its own fields and records the answer in its meta.json and
/// report.md. Exit 0 found, 1 good and bad observe the same, 2 error (or only skipped commits left).
/// </summary>
internal sealed class BisectRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, RepositoryFiles repository, RunnerConsole console,
    ILogger<BisectRunner> logger)
{
    public async Task<int> RunAsync(BisectCommand command, CancellationToken cancellationToken) =>
        (await BisectAsync(command, console.Out, cancellationToken)).ExitCode;

    public async Task<CaseBisector.Outcome> BisectAsync(BisectCommand command, TextWriter output, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var loaded = FailureCorpus.LoadCases(command.Path);
        if (loaded.Count != 1)
            throw new UsageException($"bisect takes one case; {command.Path} holds {loaded.Count}. Pass one failure directory (failures/<fingerprint>) or one case.json.");
        var (clanCase, source) = loaded[0];
        var repo = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
        var good = await revisions.ResolveAsync(repo, command.Good, cancellationToken);
        var bad = await revisions.ResolveAsync(repo, command.Bad, cancellationToken);
        if (!await repo.IsAncestorAsync(good.Hash, bad.Hash, cancellationToken))
            throw new UsageException($"--good {good.ShortHash} is not an ancestor of --bad {bad.ShortHash}: bisect walks the history from good to bad. Swap them, or pick a good revision older than bad.");
        console.Say($"bisecting {clanCase.Id} ({source})");
        console.Say($"  good {good.Describe()}");
        console.Say($"  bad  {bad.Describe()}");

        await using var session = await sessions.StartAsync(command.Nix, cancellationToken, revisions.EnsureTreesRoot());
        var bisector = new CaseBisector(session, revisions, repo, sessions.ObserverOptions(command.Nix), logger);
        var outcome = await bisector.BisectAsync(clanCase, FailureFields(command.Path), good, bad, console.Say, cancellationToken);
        foreach (var line in outcome.Lines) output.WriteLine(line);
        if (outcome.FirstBad is { } firstBad)
            Record(command.Path, firstBad, outcome.FirstBadMerge, $"{outcome.Tests} tests between {good.ShortHash} and {bad.ShortHash}");
        return outcome;
    }

    /// <summary>The fields a saved failure is about (its verdict.json), or null for a plain case file.</summary>
    private static IReadOnlySet<FieldKey>? FailureFields(string path)
    {
        var dir = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetFullPath(path);
        var verdict = Path.Combine(dir, "verdict.json");
        if (!File.Exists(verdict) || (File.Exists(path) && Path.GetFileName(path) != "case.json")) return null;
        return RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(verdict), verdict).Select(f => FieldKey.Parse(f.Key)).ToHashSet();
    }

    /// <summary>A saved failure records its first bad commit in meta.json and report.md.</summary>
    private void Record(string path, RevisionInfo firstBad, RevisionInfo? merge, string how)
    {
        var dir = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetFullPath(path);
        var metaPath = Path.Combine(dir, "meta.json");
        if (!File.Exists(metaPath) || !File.Exists(Path.Combine(dir, "verdict.json"))) return;
        var meta = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(metaPath), metaPath) with { FirstBadCommit = Commits.Of(firstBad, merge) };
        meta = meta with { Notes = [.. meta.Notes.Where(n => !n.StartsWith("bisect:", StringComparison.Ordinal)), $"bisect: {how}"] };
        AtomicFile.Write(metaPath, RecordJson.Serialize(meta));
        var fields = RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), "verdict.json");
        var clanCase = CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json")));
        AtomicFile.Write(Path.Combine(dir, "report.md"),
            UpstreamReport.Render(meta, fields, clanCase, Reports.ReproTree.For(clanCase, meta.Versions, repository.LockFile)));
        console.Say($"recorded the first bad commit in {metaPath} and report.md");
    }
}
