using System.Text;
using Conformance.Model.Ledger;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Nightly;

/// <summary>nightly.json: what one night did and decided.</summary>
internal sealed record NightlyReport(Commit Revision, Commit? GoodEnd, int CampaignExitCode, bool GatePassed,
    IReadOnlyList<NightlyCause> Causes, string Summary);

/// <summary>One cause the night found: new or known, and (for a new one) the first bad commit bisection found.</summary>
internal sealed record NightlyCause(string Key, string Title, int Cases, bool Known, string? Report)
{
    public Commit? FirstBadCommit { get; init; }
    /// <summary>What bisection said when it found no single commit (the cause already shows at the good end, a skipped range, the budget).</summary>
    public string? Bisection { get; init; }
}

/// <summary>
/// The nightly's logic, runnable anywhere (the workflow only calls <c>scripts/nightly</c>): a
/// campaign against clan-core at a revision, whose new causes are bisected inside the campaign's
/// budget between the last revision that passed the gate and this one; a gate that fails only on
/// causes known-failures.txt does not list; a job summary led by the commits that made the new
/// causes; and the state for the next night. Exit 0 the gate passes, 1 new causes, 2 the campaign
/// could not run.
/// </summary>
internal sealed class NightlyRunner(CampaignRunner campaigns, ClanCoreRevisions revisions, RunnerConsole console)
{
    public async Task<int> RunAsync(NightlyCommand command, CancellationToken cancellationToken)
    {
        var repository = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
        var revision = await revisions.ResolveAsync(repository, command.Revision, cancellationToken);
        var record = Commits.Of(revision);
        var state = NightlyState.Load(command.StateFile);
        var campaignOptions = command.Campaign with
        {
            OutDirectory = Path.GetFullPath(command.Campaign.OutDirectory ?? Path.Combine("runs", "nightly")),
        };
        console.Say($"nightly: clan-core {revision.Describe()}; last passing: {state.LastPassing?.ToString() ?? "none yet"}");

        // New causes are bisected between the last passing revision and this one, when there is a history to walk.
        string? notBisected = null;
        CampaignHistory? history = null;
        if (!command.Bisect) notBisected = "not bisected (--no-bisect)";
        else if (state.LastPassing is not { } good) notBisected = "not bisected: no earlier revision passed the gate yet (the state file is new)";
        else if (good.Hash == revision.Hash) notBisected = "not bisected: this revision passed the gate before; the cause is new to this seed, not to clan-core";
        else if (!await repository.IsAncestorAsync(good.Hash, revision.Hash, cancellationToken))
            notBisected = $"not bisected: the last passing revision {good.ShortHash} is not an ancestor of {revision.ShortHash}";
        else history = new CampaignHistory(repository, await revisions.ResolveAsync(repository, good.Hash, cancellationToken), revision);

        CampaignResult result;
        try
        {
            (result, _) = await campaigns.ExecuteAsync(new RunCommand(command.Nix with { ClanCoreRevision = revision.Hash }, campaignOptions) { Verbose = command.Verbose },
                cancellationToken, shrinkKnownCauses: false, history);
        }
        catch (NixDriver.Backends.NixInfrastructureException e)
        {
            WriteSummary(command, $"# clan-conformance nightly\n\nThe campaign on clan-core `{revision.Hash}` could not run: {e.Message}\n");
            throw;
        }
        var summary = result.Summary;
        var outDir = campaignOptions.OutDirectory!;
        var campaignExit = ExitCodes.Of(summary);

        var causes = summary.Causes.Select(c => new NightlyCause(c.Key, c.Title, c.Cases, c.Known, c.Directory is null ? null : Path.Combine(c.Directory, "report.md"))
        {
            FirstBadCommit = c.FirstBadCommit,
            Bisection = c.Known ? null : c.FirstBadCommit is null ? c.Bisection ?? notBisected : null,
        }).ToList();
        var gatePassed = campaignExit != ExitCodes.Error && causes.All(c => c.Known);
        var goodEnd = state.LastPassing;
        if (gatePassed) state = state with { LastPassing = record };
        state = state with { LastChecked = record, LastRun = DateTimeOffset.UtcNow };
        if (command.StateFile is not null) state.Save(command.StateFile);

        var markdown = Render(summary, record, causes, gatePassed);
        WriteSummary(command, markdown);
        AtomicFile.Write(Path.Combine(outDir, "nightly.md"), markdown);
        AtomicFile.Write(Path.Combine(outDir, "nightly.json"), RecordJson.Serialize(new NightlyReport(record,
            goodEnd, campaignExit, gatePassed, causes, Path.Combine(outDir, "summary.md"))));

        foreach (var c in causes.Where(c => !c.Known))
            console.Say($"new cause {c.Key}: {(c.FirstBadCommit is { } f ? $"first bad commit {f.Hash} {f.Subject}" : c.Bisection ?? "not bisected")}");
        var fresh = causes.Count(c => !c.Known);
        console.Say(gatePassed ? $"gate passed: no new causes ({causes.Count} known)" : $"gate failed: {fresh} new cause(s){(campaignExit == ExitCodes.Error ? " or the campaign did not finish" : "")}");
        if (summary.InfrastructureFailure is not null)
            throw new NixDriver.Backends.NixInfrastructureException($"{summary.InfrastructureFailure} (results found so far are in {outDir})");
        return campaignExit == ExitCodes.Error ? ExitCodes.Error : gatePassed ? ExitCodes.Conforms : ExitCodes.Fails;
    }

    private static string Render(CampaignSummary summary, Commit revision, IReadOnlyList<NightlyCause> causes, bool gatePassed)
    {
        var md = new StringBuilder();
        md.AppendLine($"# clan-conformance nightly: {(gatePassed ? "passed" : "**failed**")}");
        md.AppendLine();
        md.AppendLine($"clan-core `{revision.Hash}` ({revision.Date:yyyy-MM-dd}) {revision.Subject}; seed {summary.Seed}, {summary.CasesRun} cases; " +
                      $"{summary.CasesConforming} conform.");
        md.AppendLine();
        var fresh = causes.Where(c => !c.Known).ToList();
        foreach (var group in fresh.Where(c => c.FirstBadCommit is not null).GroupBy(c => c.FirstBadCommit!.Hash))
        {
            var commit = group.First().FirstBadCommit!;
            md.AppendLine($"## New since `{commit.ShortHash}` ({commit.Date:yyyy-MM-dd}) {commit.Subject}{(commit.PullRequest is { } pr ? $" — #{pr}" : "")}").AppendLine();
            foreach (var c in group) md.AppendLine($"- {c.Title} ({c.Cases} case(s)) — `{c.Key}`{(c.Report is null ? "" : $", report `{c.Report}`")}");
            md.AppendLine();
        }
        if (causes.Count > 0)
        {
            md.AppendLine("| cause | cases | | first bad commit |").AppendLine("| --- | ---: | --- | --- |");
            foreach (var c in causes)
                md.AppendLine($"| {c.Title}<br>`{c.Key}` | {c.Cases} | {(c.Known ? "known" : "**new**")} | " +
                              $"{(c.FirstBadCommit is { } f ? $"`{f.Hash}` {f.Subject}" : c.Known ? "" : c.Bisection ?? "")} |");
            md.AppendLine();
        }
        md.AppendLine(gatePassed
            ? $"Gate passed: no new causes. `{revision.ShortHash}` is the good end for bisecting the next new cause."
            : "Gate failed. For each new cause: read its report (in the artifact), then fix the model, report upstream, or list its key in known-failures.txt (see docs/nightly.md).");
        md.AppendLine();
        md.AppendLine("Reproduce: `scripts/nightly " + string.Join(' ', new[]
        {
            "--clan-core-repo", "CLAN_CORE_REPO", "--rev", revision.Hash, "--cases", (summary.CasesRequested / Generators.ClanArbitraries.CasesPerIndex(Generators.ClanArbitraries.ParseKind(summary.Generator) ?? Generators.CaseKind.Clan)).ToString(),
            "--seed", summary.Seed.ToString(), "--generator", summary.Generator,
        }) + "`");
        md.AppendLine();
        md.AppendLine("<details><summary>Campaign summary</summary>");
        md.AppendLine();
        md.AppendLine(summary.ToMarkdown());
        md.AppendLine("</details>");
        return md.ToString();
    }

    private static void WriteSummary(NightlyCommand command, string markdown)
    {
        var path = command.SummaryFile ?? Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(path)) return;
        File.AppendAllText(path, markdown + "\n");
    }
}
