using Conformance.Generators;
using Conformance.NixDriver.Observing;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// <c>diff</c>: what does a revision change? The same generated cases against a base and a head
/// revision of clan-core, every observed field that differs, no model involved — grouped by cause,
/// each cause with a shrunk case on which base and head still differ, and a report whose commands
/// were run on both. Exit 0 identical, 1 differences, 2 usage or infrastructure.
/// </summary>
internal sealed class DiffRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, Campaign campaign, ILogger<DiffRunner> logger)
{
    public async Task<int> RunAsync(DiffCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var c = command.Campaign;
        var repository = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
        var baseRevision = await revisions.ResolveAsync(repository, command.BaseRevision, cancellationToken);
        var headRevision = await revisions.ResolveAsync(repository, command.HeadRevision, cancellationToken);
        var outDir = Path.GetFullPath(c.OutDirectory ?? Path.Combine("runs", $"diff-{baseRevision.ShortHash}-{headRevision.ShortHash}-seed{c.Seed}"));
        Console.Error.WriteLine($"clan-conformance diff: {c.Cases} case(s), seed {c.Seed}, output {outDir}");
        Console.Error.WriteLine($"  base {baseRevision.Describe()}");
        Console.Error.WriteLine($"  head {headRevision.Describe()}");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken, revisions.EnsureTreesRoot());
        var options = sessions.ObserverOptions(command.Nix);
        var baseTarget = await revisions.TargetAsync(session, repository, baseRevision, options.LockFile, cancellationToken);
        var headTarget = await revisions.TargetAsync(session, repository, headRevision, options.LockFile, cancellationToken);

        // One gate for both sides: the machine runs --workers processes in all, not per revision.
        var workers = new SemaphoreSlim(options.Workers);
        var checker = new RevisionCheck(
            new BatchObserver(session, options, logger, baseTarget.Evaluator, workers, baseTarget.Label),
            new BatchObserver(session, options, logger, headTarget.Evaluator, workers, headTarget.Label));
        var verifier = new ReproVerifier(session, options.LockFile);
        IReadOnlyList<ReproVerifier.Side> sides =
        [
            new("base", baseTarget.Versions.ClanCore, baseTarget.Evaluator, Expected: true),
            new("head", headTarget.Versions.ClanCore, headTarget.Evaluator, Expected: false),
        ];
        var cases = ClanArbitraries.Campaign(c.Seed, c.Cases, c.Size, c.CaseKind);
        var settings = CampaignSettings.From("diff", c, outDir, options.Workers, headTarget.Versions, sessions.KnownCauses(command.Nix), clock.Elapsed, command.Verbose)
            with { BaseVersions = baseTarget.Versions };
        var result = await campaign.ExecuteAsync(checker, cases, settings, cancellationToken, (minimal, failing) => verifier.VerifyAsync(minimal, failing, sides, cancellationToken));
        return CampaignRunner.Finish(result.Summary, outDir, "identical");
    }
}
