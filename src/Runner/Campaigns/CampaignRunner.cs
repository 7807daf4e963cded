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
public sealed class CampaignRunner(NixSessionFactory sessions, Campaign campaign, ILogger<CampaignRunner> logger)
{
    public async Task<int> RunAsync(RunCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var outDir = Path.GetFullPath(command.OutDirectory ?? Path.Combine("runs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{command.Seed}"));
        Console.Error.WriteLine($"clan-conformance: {command.Cases} case(s), seed {command.Seed}, size {command.Size}, output {outDir}");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken);
        var options = sessions.ObserverOptions(command.Nix);
        var target = await sessions.TargetAsync(session, command.Nix, options, cancellationToken);
        Console.Error.WriteLine($"evaluating {target.Versions.ClanCore}; {target.Versions.Nixpkgs}; nix {target.Versions.Nix} ({target.Versions.Backend})");

        var observer = new BatchObserver(session, options, logger, target.Evaluator, label: target.Label);
        var checker = new ModelCheck(observer, sessions.KnownDeviationIds(command.Nix));
        var cases = ClanArbitraries.Campaign(command.Seed, command.Cases, command.Size);
        var result = await campaign.ExecuteAsync(checker, cases, new CampaignSettings
        {
            Kind = "run",
            OutDirectory = outDir,
            Seed = command.Seed,
            Size = command.Size,
            Focus = command.Focus.ToHashSet(),
            Shrink = command.Shrink,
            ShrinkBudget = command.ShrinkBudget,
            Workers = options.Workers,
            Versions = target.Versions,
            KnownCauses = sessions.KnownCauses(command.Nix),
            SetupTime = clock.Elapsed,
        }, cancellationToken);
        return Finish(result.Summary, outDir, "conform");
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
