using Conformance.Generators;
using Conformance.NixDriver.Observing;
using Conformance.Runner.Bisecting;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;
using Conformance.Runner.Sinks;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// <c>diff</c>: what does a revision change? The same generated cases against a base and a head
/// revision of clan-core, every observed field that differs, no model involved — grouped by cause,
/// each cause with a shrunk case on which base and head still differ, a report whose commands were
/// run on both, and the first bad commit between them: summary.md leads with one section per commit.
/// Exit 0 identical, 1 differences, 2 usage or infrastructure.
/// </summary>
internal sealed class DiffRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, FailureCorpus corpus, RunnerConsole console, ILogger<DiffRunner> logger)
{
    public async Task<int> RunAsync(DiffCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var c = command.Campaign;
        var repository = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
        var baseRevision = await revisions.ResolveAsync(repository, command.BaseRevision, cancellationToken);
        var headRevision = await revisions.ResolveAsync(repository, command.HeadRevision, cancellationToken);
        var outDir = Path.GetFullPath(c.OutDirectory ?? Path.Combine("runs", $"diff-{baseRevision.ShortHash}-{headRevision.ShortHash}-seed{c.Seed}{(c.Shard is { } s ? $"-shard{s.K}of{s.N}" : "")}"));
        console.Say($"clan-conformance diff: {CaseShard.Describe(c.Shard, c.Cases, c.CaseKind)}, seed {c.Seed}, output {outDir}");
        console.Say($"  base {baseRevision.Describe()}");
        console.Say($"  head {headRevision.Describe()}");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Two Nix versions (--base-nix/--head-nix): one session (container) per side; else one for both.
        var headNix = command.Nix with { Image = command.HeadImage ?? command.Nix.Image };
        var baseNix = command.Nix with { Image = command.BaseImage ?? headNix.Image };
        var twoNix = baseNix.Image != headNix.Image;
        await using var session = await sessions.StartAsync(headNix, cancellationToken, revisions.EnsureTreesRoot());
        await using var secondSession = twoNix ? await sessions.StartAsync(baseNix, cancellationToken, revisions.EnsureTreesRoot()) : null;
        var baseSession = secondSession ?? session;
        var options = sessions.ObserverOptions(command.Nix);
        var baseTarget = await revisions.TargetAsync(baseSession, repository, baseRevision, options.LockFile, cancellationToken);
        var headTarget = await revisions.TargetAsync(session, repository, headRevision, options.LockFile, cancellationToken);
        if (twoNix)
        {
            console.Say($"  base nix {baseTarget.Versions.Nix} ({baseTarget.Versions.Backend})");
            console.Say($"  head nix {headTarget.Versions.Nix} ({headTarget.Versions.Backend})");
        }

        // One gate for both sides: the machine runs --workers processes in all, not per revision.
        var workers = new SemaphoreSlim(options.Workers);
        var checker = new RevisionCheck(
            new BatchObserver(baseSession, options, logger, baseTarget.Evaluator, workers, baseTarget.Label),
            new BatchObserver(session, options, logger, headTarget.Evaluator, workers, headTarget.Label));
        // Across two Nix versions a report names the Nix of each side next to its revision.
        string Described(Corpus.EvaluatedVersions v) => twoNix ? $"{v.ClanCore} under nix {v.Nix}" : v.ClanCore;
        var baseSide = new ReproVerifier.Side("base", Described(baseTarget.Versions), baseTarget.Evaluator, Expected: true);
        var headSide = new ReproVerifier.Side("head", Described(headTarget.Versions), headTarget.Evaluator, Expected: false);
        var verifier = new ReproVerifier(session, options.LockFile, options.Timeout);
        // A report's files are written into its session's work directory, which only that session's container sees.
        var baseVerifier = twoNix ? new ReproVerifier(baseSession, options.LockFile, options.Timeout) : null;
        var cases = c.SelectCases();
        var settings = CampaignSettings.From("diff", c, outDir, options.Workers, headTarget.Versions, sessions.KnownCauses(command.Nix), clock.Elapsed, command.Verbose)
            with { SeenBefore = FailureCorpus.Saved(outDir), BaseVersions = baseTarget.Versions };
        // Bisection walks the history from base to head; two revisions on different lines have none to walk,
        // and across two Nix versions a commit would be tested under one of them only.
        var linear = await repository.IsAncestorAsync(baseRevision.Hash, headRevision.Hash, cancellationToken);
        if (!linear) console.Say($"  {baseRevision.ShortHash} is not an ancestor of {headRevision.ShortHash}: causes are not bisected");
        else if (twoNix && baseRevision.Hash != headRevision.Hash) console.Say("  base and head run different Nix versions: causes are not bisected");
        var tools = new TriageTools
        {
            Verify = baseVerifier is null
                ? (minimal, failing, ct) => verifier.VerifyAsync(minimal, failing, [baseSide, headSide], ct)
                : async (minimal, failing, ct) => [.. (await baseVerifier.VerifyAsync(minimal, failing, [baseSide], ct)).Concat(await verifier.VerifyAsync(minimal, failing, [headSide], ct))
                    .OrderBy(c => c.Field, StringComparer.Ordinal)],
            Bisect = !linear || twoNix || baseRevision.Hash == headRevision.Hash ? null
                : new CaseBisector(session, revisions, repository, options, logger, workers)
                    .Between(baseRevision, headRevision, command.Verbose ? line => console.Say("    bisect: " + line.Trim()) : null),
            // The report shows what the head prints (its expected side is the base's value).
            // Reduced against both sides: a candidate must keep the head's value on the head and the base's on the base.
            Upstream = ReportRunner.Upstream(session, headTarget, options, sessions.KnownDeviations(command.Nix), twoNix ? null : baseTarget),
        };
        using var results = new ResultsSink(outDir);
        using var shrinks = new ShrinksSink(outDir);
        ICampaignSink[] sinks = [results, shrinks, new CorpusSink(corpus, settings, checker.Expectation), new ConsoleSink(console, outDir, "identical"), new SummarySink(outDir)];
        var outcome = await Campaign.ExecuteAsync(checker, cases, settings, sinks, tools, cancellationToken);
        return outcome.Summary.ExitCode(outDir, console.Say);
    }
}
