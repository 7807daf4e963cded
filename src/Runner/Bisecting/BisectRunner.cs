using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.NixDriver.Observing;
using Conformance.NixDriver.Revisions;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Bisecting;

/// <summary>
/// <c>bisect</c>: the first commit between <c>--good</c> and <c>--bad</c> at which one case (a saved
/// failure's shrunk case, or a case.json) observes what the bad revision observes. No model: the case
/// is observed at both ends, the fields that differ there decide every step (bad's values → bad,
/// good's → good, anything else — a revision that cannot be evaluated, or a third behaviour — is
/// skipped and named, like <c>git bisect skip</c>). First-parent history first, then the merged
/// branch. Exit 0 found, 1 good and bad observe the same, 2 error (or only skipped commits left).
/// </summary>
internal sealed class BisectRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, RepositoryFiles repository,
    ILogger<BisectRunner> logger)
{
    /// <summary>What a bisection found, for callers (the nightly) that act on it.</summary>
    public sealed record Outcome(int ExitCode, RevisionInfo? FirstBad, IReadOnlyList<string> Lines);

    public async Task<int> RunAsync(BisectCommand command, CancellationToken cancellationToken) =>
        (await BisectAsync(command, Console.Out, cancellationToken)).ExitCode;

    public async Task<Outcome> BisectAsync(BisectCommand command, TextWriter output, CancellationToken cancellationToken)
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
        Console.Error.WriteLine($"bisecting {clanCase.Id} ({source})");
        Console.Error.WriteLine($"  good {good.Describe()}");
        Console.Error.WriteLine($"  bad  {bad.Describe()}");

        await using var session = await sessions.StartAsync(command.Nix, cancellationToken, revisions.EnsureTreesRoot());
        var options = sessions.ObserverOptions(command.Nix);
        var workers = new SemaphoreSlim(options.Workers);
        var request = ObservationHints.Request(clanCase);

        async Task<CaseObservation> ObserveAtAsync(RevisionInfo revision)
        {
            var target = await revisions.TargetAsync(session, repo, revision, options.LockFile, cancellationToken);
            var observer = new BatchObserver(session, options, logger, target.Evaluator, workers, target.Label);
            return (await observer.ObserveAsync([request], cancellationToken: cancellationToken))[0];
        }

        var ends = await Task.WhenAll(ObserveAtAsync(good), ObserveAtAsync(bad));
        var (goodObservation, badObservation) = (ends[0], ends[1]);
        var differing = Comparer.Compare(Baseline.Of(goodObservation, "good"), badObservation).Disagreements.Select(d => d.Key).ToHashSet();
        // A saved failure is bisected by its own fields: another change between good and bad that
        // this case also shows (a field the failure is not about) must not decide the search.
        var failureFields = FailureFields(command.Path);
        var discriminating = failureFields is null ? differing : differing.Where(failureFields.Contains).ToHashSet();
        if (discriminating.Count == 0)
        {
            var same = $"good and bad observe the same for {clanCase.Id}{(failureFields is null ? "" : "'s failing fields")}: nothing to bisect" +
                       (differing.Count > 0 ? $" (other fields differ: {string.Join(", ", differing.Order().Take(5))})" : " (is the difference elsewhere, or does it need another case?)");
            output.WriteLine(same);
            return new Outcome(1, null, [same]);
        }
        if (differing.Count > discriminating.Count)
            Console.Error.WriteLine($"ignoring fields the failure is not about: {string.Join(", ", differing.Except(discriminating).Order().Take(5))}");
        Console.Error.WriteLine($"deciding fields: {string.Join(", ", discriminating.Order())}");

        var graph = new GitRevisionGraph(repo);
        var bisector = new RevisionBisector(graph, new BisectOptions { Parallelism = Math.Max(1, options.Workers) });
        var bisection = await bisector.RunAsync(good.Hash, bad.Hash, async hash =>
        {
            var revision = graph.Known.TryGetValue(hash, out var known) ? known : await repo.ResolveAsync(hash, cancellationToken);
            BisectVerdict verdict;
            try
            {
                verdict = Decide(await ObserveAtAsync(revision), goodObservation, badObservation, discriminating);
            }
            catch (RevisionNotEvaluableException e)
            {
                verdict = BisectVerdict.Skip(e.Message);
            }
            Console.Error.WriteLine($"  {revision.Describe()}: {verdict}");
            return verdict;
        }, cancellationToken);

        var lines = bisection.Explain(graph.Describe).Skip(1).ToList();
        foreach (var line in lines) output.WriteLine(line);
        RevisionInfo? firstBad = null;
        string last;
        int exit;
        if (bisection.FirstBad is { } hash)
        {
            firstBad = graph.Known.TryGetValue(hash, out var info) ? info : await repo.ResolveAsync(hash, cancellationToken);
            if (bisection.IsMergeInteraction) output.WriteLine("(a merge whose branch tested good up to its tip: the change comes from combining the branch with the first parent)");
            last = $"first bad commit: {firstBad.Hash} {firstBad.Subject}";
            exit = 0;
            Record(command.Path, firstBad, $"{bisection.TestCount} tests between {good.ShortHash} and {bad.ShortHash}");
        }
        else
        {
            last = "first bad commit: undetermined (only skipped commits are left); it is one of: " +
                   string.Join(" ", bisection.PossibleFirstBad);
            exit = 2;
        }
        output.WriteLine(last);
        return new Outcome(exit, firstBad, [.. lines, last]);
    }

    /// <summary>Good, bad or skip for one revision's observation of the case, by the fields that tell good and bad apart.</summary>
    internal static BisectVerdict Decide(CaseObservation observed, CaseObservation good, CaseObservation bad, IReadOnlySet<FieldKey> discriminating)
    {
        static IReadOnlyList<FieldKey> Differing(CaseObservation expected, CaseObservation actual, IReadOnlySet<FieldKey> keys) =>
            Comparer.Compare(Baseline.Of(expected, "end"), actual).Fields.Where(f => keys.Contains(f.Key) && !f.Agrees).Select(f => f.Key).ToList();
        var unobserved = discriminating.Where(k => observed.Unobserved.ContainsKey(k) || observed.Faults.ContainsKey(k)).ToList();
        if (unobserved.Count > 0)
            return BisectVerdict.Skip($"{unobserved[0]} could not be observed here ({observed.Unobserved.GetValueOrDefault(unobserved[0]) ?? observed.Faults[unobserved[0]]})");
        var fromBad = Differing(bad, observed, discriminating);
        if (fromBad.Count == 0) return BisectVerdict.Bad($"observes bad's {string.Join(", ", discriminating.Order().Take(3))}");
        var fromGood = Differing(good, observed, discriminating);
        if (fromGood.Count == 0) return BisectVerdict.Good("observes good's values");
        // Neither: a revision broken for another reason (every field an error) or a third behaviour.
        var key = fromGood[0];
        var value = observed.Fields.TryGetValue(key, out var v) ? v.ToString() : "nothing";
        return observed.Fields.Values.All(o => o is ObservedError)
            ? BisectVerdict.Skip($"cannot be evaluated: {value}")
            : BisectVerdict.Skip($"observes neither good's nor bad's {key}: {value}");
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
    private void Record(string path, RevisionInfo firstBad, string how)
    {
        var dir = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetFullPath(path);
        var metaPath = Path.Combine(dir, "meta.json");
        if (!File.Exists(metaPath) || !File.Exists(Path.Combine(dir, "verdict.json"))) return;
        var meta = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(metaPath), metaPath) with
        {
            FirstBadCommit = new RevisionRecord(firstBad.Hash, firstBad.CommitDate, firstBad.Subject),
        };
        meta = meta with { Notes = [.. meta.Notes.Where(n => !n.StartsWith("bisect:", StringComparison.Ordinal)), $"bisect: {how}"] };
        AtomicFile.Write(metaPath, RecordJson.Serialize(meta));
        var fields = RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), "verdict.json");
        var clanCase = CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json")));
        AtomicFile.Write(Path.Combine(dir, "report.md"),
            UpstreamReport.Render(meta, fields, clanCase, NixDriver.Rendering.ClanRenderer.Render(clanCase, repository.LockFile)));
        Console.Error.WriteLine($"recorded the first bad commit in {metaPath} and report.md");
    }
}
