using Conformance.Generators;
using Conformance.NixDriver.Observing;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Bisecting;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Sinks;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Campaigns;

/// <summary>Where a campaign against the model can bisect what it finds: a clone and the last revision known good (the nightly's).</summary>
internal sealed record CampaignHistory(GitRepository Repository, RevisionInfo Good, RevisionInfo Bad);

/// <summary>
/// <c>run</c>: a campaign of generated cases against the model — the Observe stage against the
/// chosen inputs (clan-core at a revision, or the inputs map's), Predict, Compare — then causes,
/// triage and the summary (<see cref="Campaign"/>), written by the corpus, summary and console sinks.
/// </summary>
internal sealed class CampaignRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, FailureCorpus corpus, RunnerConsole console,
    ILogger<CampaignRunner> logger)
{
    public async Task<int> RunAsync(RunCommand command, CancellationToken cancellationToken)
    {
        var (result, outDir) = await ExecuteAsync(command, cancellationToken);
        return result.Summary.ExitCode(outDir, console.Say);
    }

    /// <summary>Runs the campaign and returns its result and output directory (the nightly acts on them).</summary>
    /// <param name="shrinkKnownCauses">False for the nightly: causes known-failures.txt lists are not triaged.</param>
    /// <param name="history">When given, each triaged cause is bisected between its good and bad revision.</param>
    public async Task<(CampaignResult Result, string OutDirectory)> ExecuteAsync(RunCommand command, CancellationToken cancellationToken,
        bool shrinkKnownCauses = true, CampaignHistory? history = null)
    {
        sessions.Validate(command.Nix);
        var c = command.Campaign;
        var outDir = Path.GetFullPath(c.OutDirectory ?? Path.Combine("runs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{c.Seed}{(c.Shard is { } s ? $"-shard{s.K}of{s.N}" : "")}"));
        console.Say($"clan-conformance: {CaseShard.Describe(c.Shard, c.Cases, c.CaseKind)}, seed {c.Seed}, size {c.Size}, output {outDir}");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken);
        var options = sessions.ObserverOptions(command.Nix);
        var target = await sessions.TargetAsync(session, command.Nix, options, cancellationToken);
        console.Say($"evaluating {target.Versions.ClanCore}; {target.Versions.Nixpkgs}; nix {target.Versions.Nix} ({target.Versions.Backend})");

        var workers = new SemaphoreSlim(options.Workers);
        var observer = new BatchObserver(session, options, logger, target.Evaluator, workers, target.Label);
        var checker = new ModelCheck(observer, sessions.KnownDeviationIds(command.Nix));
        var cases = c.SelectCases();
        var settings = CampaignSettings.From("run", c, outDir, options.Workers, target.Versions, sessions.KnownCauses(command.Nix), clock.Elapsed, command.Verbose)
            with { SeenBefore = FailureCorpus.Saved(outDir), ShrinkKnownCauses = shrinkKnownCauses };
        var tools = new TriageTools
        {
            Verify = await VerifierAsync(session, command.Nix, options, target, cancellationToken),
            Bisect = history is null ? null
                : new CaseBisector(session, revisions, history.Repository, options, logger, workers)
                    .Between(history.Good, history.Bad, command.Verbose ? line => console.Say("    bisect: " + line.Trim()) : null),
            Upstream = Reports.ReportRunner.Upstream(session, target, options, sessions.KnownDeviations(command.Nix)),
            Predict = Model.Oracle.Oracle.Predict,
        };
        using var results = new ResultsSink(outDir);
        using var shrinks = new ShrinksSink(outDir);
        ICampaignSink[] sinks = [results, shrinks, new CorpusSink(corpus, settings, checker.Expectation), new ConsoleSink(console, outDir, "conform"), new SummarySink(outDir)];
        var outcome = await Campaign.ExecuteAsync(checker, cases, settings, sinks, tools, cancellationToken);
        return (outcome, outDir);
    }

    /// <summary>
    /// Checks each shrunk example's report commands: on the revision under test they must print what
    /// Nix did; with a revision given, also on the session's own clan-core (the pinned one the model
    /// describes), where they must print what the model expects — unless the model is wrong there too,
    /// which the check then shows.
    /// </summary>
    private async Task<Func<CaseResult, IReadOnlyList<Model.Comparison.FieldComparison>, CancellationToken, Task<IReadOnlyList<ReproCheck>>>> VerifierAsync(
        NixDriver.Sessions.NixSession session, NixOptions nix, ObserverOptions options, EvaluationTarget target, CancellationToken cancellationToken)
    {
        var verifier = new Reports.ReproVerifier(session, options.LockFile, options.Timeout);
        var sides = new List<Reports.ReproVerifier.Side> { new("tested", target.Versions.ClanCore, target.Evaluator, Expected: false) };
        if (nix.ClanCoreRepository is not null)
        {
            var pinned = await sessions.TargetAsync(session, nix with { ClanCoreRepository = null, ClanCoreRevision = null }, options, cancellationToken);
            sides.Add(new("pinned", pinned.Versions.ClanCore, pinned.Evaluator, Expected: true));
        }
        return (minimal, failing, ct) => verifier.VerifyAsync(minimal, failing, sides, ct);
    }
}
