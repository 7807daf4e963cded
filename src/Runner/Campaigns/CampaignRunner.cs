using Conformance.Generators;
using Conformance.NixDriver.Observing;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// <c>run</c>: a campaign of generated cases against the model — the Observe stage against the
/// chosen inputs (clan-core at a revision, or the inputs map's), Predict, Compare — then causes,
/// shrinking and the summary (<see cref="Campaign"/>).
/// </summary>
internal sealed class CampaignRunner(NixSessionFactory sessions, Campaign campaign, ILogger<CampaignRunner> logger)
{
    public async Task<int> RunAsync(RunCommand command, CancellationToken cancellationToken)
    {
        var (result, outDir) = await ExecuteAsync(command, cancellationToken);
        return Finish(result.Summary, outDir, "conform");
    }

    /// <summary>Runs the campaign and returns its result and output directory (the nightly acts on them).</summary>
    /// <param name="shrinkKnownCauses">False for the nightly: causes known-failures.txt lists are not shrunk.</param>
    public async Task<(CampaignResult Result, string OutDirectory)> ExecuteAsync(RunCommand command, CancellationToken cancellationToken, bool shrinkKnownCauses = true)
    {
        sessions.Validate(command.Nix);
        var c = command.Campaign;
        var outDir = Path.GetFullPath(c.OutDirectory ?? Path.Combine("runs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{c.Seed}"));
        Console.Error.WriteLine($"clan-conformance: {c.Cases} case(s), seed {c.Seed}, size {c.Size}, output {outDir}");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken);
        var options = sessions.ObserverOptions(command.Nix);
        var target = await sessions.TargetAsync(session, command.Nix, options, cancellationToken);
        Console.Error.WriteLine($"evaluating {target.Versions.ClanCore}; {target.Versions.Nixpkgs}; nix {target.Versions.Nix} ({target.Versions.Backend})");

        var observer = new BatchObserver(session, options, logger, target.Evaluator, label: target.Label);
        var checker = new ModelCheck(observer, sessions.KnownDeviationIds(command.Nix));
        var cases = ClanArbitraries.Campaign(c.Seed, c.Cases, c.Size, c.CaseKind);
        var settings = CampaignSettings.From("run", c, outDir, options.Workers, target.Versions, sessions.KnownCauses(command.Nix), clock.Elapsed, command.Verbose)
            with { ShrinkKnownCauses = shrinkKnownCauses };
        var result = await campaign.ExecuteAsync(checker, cases, settings, cancellationToken, await VerifierAsync(session, command.Nix, options, target, cancellationToken));
        return (result, outDir);
    }

    /// <summary>
    /// Checks each shrunk example's report commands: on the revision under test they must print what
    /// Nix did; with a revision given, also on the session's own clan-core (the pinned one the model
    /// describes), where they must print what the model expects — unless the model is wrong there too,
    /// which the check then shows.
    /// </summary>
    private async Task<Func<CaseResult, IReadOnlyList<Model.Comparison.FieldComparison>, Task<IReadOnlyList<Corpus.ReproCheck>>>> VerifierAsync(
        NixDriver.Sessions.NixSession session, NixOptions nix, ObserverOptions options, EvaluationTarget target, CancellationToken cancellationToken)
    {
        var verifier = new Reports.ReproVerifier(session, options.LockFile);
        var sides = new List<Reports.ReproVerifier.Side> { new("tested", target.Versions.ClanCore, target.Evaluator, Expected: false) };
        if (nix.ClanCoreRepository is not null)
        {
            var pinned = await sessions.TargetAsync(session, nix with { ClanCoreRepository = null, ClanCoreRevision = null }, options, cancellationToken);
            sides.Add(new("pinned", pinned.Versions.ClanCore, pinned.Evaluator, Expected: true));
        }
        return (minimal, failing) => verifier.VerifyAsync(minimal, failing, sides, cancellationToken);
    }

    /// <summary>Prints the outcome (causes first) and turns it into the exit code: 0 conforms, 1 failures, 2 infrastructure or interrupted.</summary>
    internal static int Finish(CampaignSummary summary, string outDir, string agreeWord)
    {
        Campaign.PrintCauses(summary, outDir, Console.Error);
        Console.Error.WriteLine($"{summary.CasesConforming}/{summary.CasesRun} {agreeWord}, {summary.Causes.Count} cause(s), {summary.Failures.Count} distinct failure(s); {Path.Combine(outDir, "summary.md")}");
        if (summary.InfrastructureFailure is not null)
            throw new NixDriver.Backends.NixInfrastructureException($"{summary.InfrastructureFailure} (the run stopped; results found so far are in {outDir})");
        if (summary.Interrupted)
        {
            Console.Error.WriteLine($"interrupted: partial results in {outDir}");
            return 2;
        }
        if (summary.CasesFailing > 0) return 1;
        if (summary.HarnessFaults.Count > 0)
        {
            Console.Error.WriteLine($"error: {summary.HarnessFaults.Count} case(s) could not be fully observed (infrastructure: {summary.HarnessFaults.Values.First()}). Raise --timeout or lower --workers; see {Path.Combine(outDir, "summary.md")}.");
            return 2;
        }
        return 0;
    }
}
