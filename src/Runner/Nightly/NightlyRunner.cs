using System.Text;
using Conformance.Runner.Bisecting;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Nightly;

/// <summary>nightly.json: what one night did and decided.</summary>
internal sealed record NightlyReport(RevisionRecord Revision, RevisionRecord? GoodEnd, int CampaignExitCode, bool GatePassed,
    IReadOnlyList<NightlyCause> Causes, string Summary);

/// <summary>One cause the night found: new or known, and (for a new one) the first bad commit bisection found.</summary>
internal sealed record NightlyCause(string Key, string Title, int Cases, bool Known, string? Report)
{
    public RevisionRecord? FirstBadCommit { get; init; }
    /// <summary>What bisection said when it found no single commit (the cause already shows at the good end, a skipped range, an error).</summary>
    public string? Bisection { get; init; }
}

/// <summary>
/// The nightly's logic, runnable anywhere (the workflow only calls <c>scripts/nightly</c>): a
/// campaign against clan-core at a revision; a gate that fails only on causes known-failures.txt
/// does not list; for each new cause, a bisection of its shrunk case between the last revision that
/// passed the gate and this one; a job summary; and the state for the next night. Exit 0 the gate
/// passes, 1 new causes, 2 the campaign could not run.
/// </summary>
internal sealed class NightlyRunner(CampaignRunner campaigns, BisectRunner bisector, ClanCoreRevisions revisions)
{
    public async Task<int> RunAsync(NightlyCommand command, CancellationToken cancellationToken)
    {
        var repository = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
        var revision = await revisions.ResolveAsync(repository, command.Revision, cancellationToken);
        var record = new RevisionRecord(revision.Hash, revision.CommitDate, revision.Subject);
        var state = NightlyState.Load(command.StateFile);
        var campaignOptions = command.Campaign with
        {
            OutDirectory = Path.GetFullPath(command.Campaign.OutDirectory ?? Path.Combine("runs", "nightly")),
        };
        Console.Error.WriteLine($"nightly: clan-core {revision.Describe()}; last passing: {state.LastPassing?.ToString() ?? "none yet"}");

        CampaignResult result;
        try
        {
            (result, _) = await campaigns.ExecuteAsync(new RunCommand(command.Nix with { ClanCoreRevision = revision.Hash }, campaignOptions) { Verbose = command.Verbose }, cancellationToken,
                shrinkKnownCauses: false);
        }
        catch (Exception e) when (e is NixDriver.Backends.NixInfrastructureException)
        {
            WriteSummary(command, $"# clan-conformance nightly\n\nThe campaign on clan-core `{revision.Hash}` could not run: {e.Message}\n");
            throw;
        }
        var summary = result.Summary;
        var outDir = campaignOptions.OutDirectory!;
        var campaignExit = summary.Interrupted ? 2 : summary.CasesFailing > 0 ? 1 : summary.HarnessFaults.Count > 0 ? 2 : 0;

        // Bisect each new cause between the last passing revision and this one.
        var causes = new List<NightlyCause>();
        foreach (var cause in summary.Causes)
        {
            var item = new NightlyCause(cause.Key, cause.Title, cause.Cases, cause.Known, cause.Directory is null ? null : Path.Combine(cause.Directory, "report.md"));
            if (!cause.Known && command.Bisect && cause.Directory is not null)
                item = await BisectAsync(command, repository, state, revision, Path.Combine(outDir, cause.Directory), item, cancellationToken);
            causes.Add(item);
        }
        var gatePassed = campaignExit != 2 && causes.All(c => c.Known);
        var goodEnd = state.LastPassing;
        if (gatePassed) state = state with { LastPassing = record };
        state = state with { LastChecked = record, LastRun = DateTimeOffset.UtcNow };
        if (command.StateFile is not null) state.Save(command.StateFile);

        var markdown = Render(summary, outDir, record, causes, gatePassed, command, state);
        WriteSummary(command, markdown);
        AtomicFile.Write(Path.Combine(outDir, "nightly.md"), markdown);
        AtomicFile.Write(Path.Combine(outDir, "nightly.json"), RecordJson.Serialize(new NightlyReport(record,
            goodEnd, campaignExit, gatePassed, causes, Path.Combine(outDir, "summary.md"))));

        Campaign.PrintCauses(summary, outDir, Console.Error);
        var fresh = causes.Where(c => !c.Known).ToList();
        foreach (var c in fresh)
            Console.Error.WriteLine($"new cause {c.Key}: {(c.FirstBadCommit is { } f ? $"first bad commit {f.Hash} {f.Subject}" : c.Bisection ?? "not bisected")}");
        Console.Error.WriteLine(gatePassed ? $"gate passed: no new causes ({causes.Count} known)" : $"gate failed: {fresh.Count} new cause(s){(campaignExit == 2 ? " or the campaign did not finish" : "")}");
        if (summary.InfrastructureFailure is not null)
            throw new NixDriver.Backends.NixInfrastructureException($"{summary.InfrastructureFailure} (results found so far are in {outDir})");
        return campaignExit == 2 ? 2 : gatePassed ? 0 : 1;
    }

    private async Task<NightlyCause> BisectAsync(NightlyCommand command, NixDriver.Revisions.GitRepository repository, NightlyState state,
        NixDriver.Revisions.RevisionInfo revision, string failureDirectory, NightlyCause cause, CancellationToken cancellationToken)
    {
        if (state.LastPassing is not { } good)
            return cause with { Bisection = "not bisected: no earlier revision passed the gate yet (the state file is new)" };
        if (good.Hash == revision.Hash)
            return cause with { Bisection = "not bisected: this revision passed the gate before; the cause is new to this seed, not to clan-core" };
        if (!await repository.IsAncestorAsync(good.Hash, revision.Hash, cancellationToken))
            return cause with { Bisection = $"not bisected: the last passing revision {good.Hash} is not an ancestor of {revision.Hash}" };
        Console.Error.WriteLine($"bisecting {cause.Key} between {good.Hash[..9]} and {revision.ShortHash}");
        try
        {
            var outcome = await bisector.BisectAsync(new BisectCommand(command.Nix with { ClanCoreRevision = null }, good.Hash, revision.Hash, failureDirectory),
                Console.Error, cancellationToken);
            return outcome.FirstBad is { } first
                ? cause with { FirstBadCommit = new RevisionRecord(first.Hash, first.CommitDate, first.Subject) }
                : cause with { Bisection = outcome.ExitCode == 1
                    ? $"the shrunk case observes the same at {good.Hash[..9]}: the cause is not new in clan-core (a model gap, or an area this seed reached for the first time)"
                    : outcome.Lines.LastOrDefault() };
        }
        catch (UsageException e)
        {
            return cause with { Bisection = "not bisected: " + e.Message };
        }
    }

    private static string Render(CampaignSummary summary, string outDir, RevisionRecord revision, IReadOnlyList<NightlyCause> causes, bool gatePassed,
        NightlyCommand command, NightlyState state)
    {
        var md = new StringBuilder();
        md.AppendLine($"# clan-conformance nightly: {(gatePassed ? "passed" : "**failed**")}");
        md.AppendLine();
        md.AppendLine($"clan-core `{revision.Hash}` ({revision.Date:yyyy-MM-dd}) {revision.Subject}; seed {summary.Seed}, {summary.CasesRun} cases; " +
                      $"{summary.CasesConforming} conform.");
        md.AppendLine();
        if (causes.Count > 0)
        {
            md.AppendLine("| cause | cases | | first bad commit |").AppendLine("| --- | ---: | --- | --- |");
            foreach (var c in causes)
                md.AppendLine($"| {c.Title}<br>`{c.Key}` | {c.Cases} | {(c.Known ? "known" : "**new**")} | " +
                              $"{(c.FirstBadCommit is { } f ? $"`{f.Hash}` {f.Subject}" : c.Known ? "" : c.Bisection ?? "")} |");
            md.AppendLine();
        }
        md.AppendLine(gatePassed
            ? $"Gate passed: no new causes. `{revision.Hash[..9]}` is the good end for bisecting the next new cause."
            : "Gate failed. For each new cause: read its report (in the artifact), then fix the model, report upstream, or list its key in known-failures.txt (see docs/nightly.md).");
        md.AppendLine();
        md.AppendLine("Reproduce: `scripts/nightly " + string.Join(' ', new[]
        {
            "--clan-core-repo", "CLAN_CORE_REPO", "--rev", revision.Hash, "--cases", summary.CasesRequested.ToString(), "--seed", summary.Seed.ToString(),
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
