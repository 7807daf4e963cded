using Conformance.Model.Ledger;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Nightly;

/// <summary>nightly.json: what one night did and decided.</summary>
/// <param name="Complete">The campaign checked every case (not interrupted, no infrastructure failure): only then does a cause's absence mean something.</param>
internal sealed record NightlyReport(Commit Revision, Commit? GoodEnd, int CampaignExitCode, bool GatePassed,
    IReadOnlyList<NightlyCause> Causes, string Summary)
{
    public int Seed { get; init; }
    public int Cases { get; init; }
    public bool Complete { get; init; }
    /// <summary>The Nix the night evaluated with (its version): causes come from Nix's messages and counters, so a night names it.</summary>
    public string? Nix { get; init; }
}

/// <summary>One cause the night found: new or known, and (for a new one) the first bad commit bisection found.</summary>
internal sealed record NightlyCause(string Key, string Title, int Cases, bool Known, string? Report)
{
    public Commit? FirstBadCommit { get; init; }
    /// <summary>What bisection said when it found no single commit (the cause already shows at the good end, a skipped range, the budget).</summary>
    public string? Bisection { get; init; }
    /// <summary>Other keys merged into this cause (an issue opened under one of them is this cause's).</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
}

/// <summary>
/// The nightly's logic, runnable anywhere (the workflow only calls <c>scripts/nightly</c>): a
/// campaign against clan-core at a revision, whose new causes are bisected inside the campaign's
/// budget between the last revision that passed the gate and this one; a gate that fails only on
/// causes known-failures.txt does not list; a job summary led by the commits that made the new
/// causes, with the trend of the last nights; and the state for the next night. Exit 0 the gate
/// passes, 1 new causes, 2 the campaign could not run.
/// Sharded (the workflow's matrix): <c>--shard K/N</c> runs only the campaign of shard K (bisecting
/// from the same good end), and <c>--merged DIR</c>, after <c>merge</c>, decides the night from the
/// merged campaign: the gate, the state and the summary act on the whole night, never on a part.
/// </summary>
internal sealed class NightlyRunner(CampaignRunner campaigns, ClanCoreRevisions revisions, RepositoryFiles files, RunnerConsole console)
{
    public async Task<int> RunAsync(NightlyCommand command, CancellationToken cancellationToken)
    {
        var repository = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
        var state = NightlyState.Load(command.StateFile);
        // The first night has no passing revision yet: start from the pin (or --initial-good), so its new causes are bisected too.
        var seeded = false;
        if (state.LastPassing is null && command.Bisect && InitialGood(command) is { } initial)
        {
            var good = await revisions.ResolveAsync(repository, initial, cancellationToken);
            state = state with { LastPassing = Commits.Of(good) };
            seeded = true;
        }

        CampaignSummary summary;
        string outDir;
        string? notBisected;
        if (command.Merged is { } merged)
        {
            outDir = Path.GetFullPath(merged);
            var path = Path.Combine(outDir, "summary.json");
            if (!File.Exists(path)) throw new UsageException($"--merged {merged} has no summary.json: give the --out directory of merge.");
            summary = RecordJson.Deserialize<CampaignSummary>(File.ReadAllText(path), path);
            var hash = summary.Versions.ClanCoreRevision?.Hash
                       ?? throw new UsageException($"{path} names no clan-core revision: merge the shards of scripts/nightly --shard K/N (they run at a revision).");
            var revision = await revisions.ResolveAsync(repository, hash, cancellationToken);
            console.Say($"nightly: {summary.MergedShards ?? 1} merged shard(s) of clan-core {revision.Describe()}; good end: {Good(state, seeded)}");
            (notBisected, _) = await BisectionAsync(command, repository, state, revision, cancellationToken);
        }
        else
        {
            var revision = await revisions.ResolveAsync(repository, command.Revision, cancellationToken);
            console.Say($"nightly: clan-core {revision.Describe()}{(command.Campaign.Shard is { } k ? $", shard {k}" : "")}; good end: {Good(state, seeded)}");
            (notBisected, var history) = await BisectionAsync(command, repository, state, revision, cancellationToken);
            var campaignOptions = command.Campaign with { OutDirectory = Path.GetFullPath(command.Campaign.OutDirectory ?? Path.Combine("runs", "nightly")) };
            outDir = campaignOptions.OutDirectory!;
            CampaignResult result;
            try
            {
                (result, _) = await campaigns.ExecuteAsync(new RunCommand(command.Nix with { ClanCoreRevision = revision.Hash }, campaignOptions) { Verbose = command.Verbose },
                    cancellationToken, shrinkKnownCauses: false, history);
            }
            catch (NixDriver.Backends.NixInfrastructureException e)
            {
                if (command.Campaign.Shard is null)
                    WriteSummary(command, new Markdown().Heading(1, "clan-conformance nightly").Paragraph($"The campaign on clan-core `{revision.Hash}` could not run: {e.Message}").ToString());
                throw;
            }
            summary = result.Summary;
            if (command.Campaign.Shard is { } shard)
            {
                // A shard decides nothing: the merge job gates, saves the state and files issues for the whole night.
                console.Say($"shard {shard}: {summary.CasesConforming}/{summary.CasesRun} conform, {summary.Causes.Count} cause(s); merge the shards, then nightly --merged");
                return summary.ExitCode(outDir, console.Say);
            }
        }
        return Conclude(command, summary, outDir, state, notBisected);
    }

    /// <summary>The gate, the state (good end, history), the job summary and nightly.json/md of a whole night's campaign.</summary>
    private int Conclude(NightlyCommand command, CampaignSummary summary, string outDir, NightlyState state, string? notBisected)
    {
        var record = summary.Versions.ClanCoreRevision!;
        var campaignExit = summary.ExitCode();
        var causes = summary.Causes.Select(c => new NightlyCause(c.Key, c.Title, c.Cases, c.Known, c.Directory is null ? null : Path.Combine(c.Directory, c.Upstream ? Sinks.CorpusSink.UpstreamFile : "report.md"))
        {
            FirstBadCommit = c.FirstBadCommit,
            Bisection = c.Known ? null : c.FirstBadCommit is null ? c.Bisection ?? notBisected : null,
            Members = c.Members.Select(m => m.Key).ToList(),
        }).ToList();
        var gatePassed = campaignExit != ExitCodes.Error && causes.All(c => c.Known);
        var goodEnd = state.LastPassing;
        if (gatePassed) state = state with { LastPassing = record };
        var complete = !summary.Interrupted && summary.InfrastructureFailure is null;
        state = state with { LastChecked = record, LastRun = DateTimeOffset.UtcNow };
        if (complete)
            state = state.Add(new NightRecord(state.LastRun.Value, record.ShortHash, summary.Seed, summary.CasesRun, causes.Count, causes.Count(c => !c.Known),
                summary.Timings.MachineEvaluationsPerMinute, gatePassed));
        if (command.StateFile is not null) state.Save(command.StateFile);

        var markdown = Render(summary, record, causes, gatePassed) + "\n" + NightlyTrend.Render(state.History);
        WriteSummary(command, markdown);
        AtomicFile.Write(Path.Combine(outDir, "nightly.md"), markdown);
        AtomicFile.Write(Path.Combine(outDir, "nightly.json"), RecordJson.Serialize(new NightlyReport(record,
            goodEnd, campaignExit, gatePassed, causes, Path.Combine(outDir, "summary.md")) { Seed = summary.Seed, Cases = summary.CasesRun, Complete = complete, Nix = summary.Versions.Nix }));

        foreach (var c in causes.Where(c => !c.Known))
            console.Say($"new cause {c.Key}: {(c.FirstBadCommit is { } f ? $"first bad commit {f.Hash} {f.Subject}" : c.Bisection ?? "not bisected")}");
        var fresh = causes.Count(c => !c.Known);
        console.Say(gatePassed ? $"gate passed: no new causes ({causes.Count} known)" : $"gate failed: {fresh} new cause(s){(campaignExit == ExitCodes.Error ? " or the campaign did not finish" : "")}");
        if (summary.InfrastructureFailure is not null)
            throw new NixDriver.Backends.NixInfrastructureException($"{summary.InfrastructureFailure} (results found so far are in {outDir})");
        return campaignExit == ExitCodes.Error ? ExitCodes.Error : gatePassed ? ExitCodes.Conforms : ExitCodes.Fails;
    }

    /// <summary>New causes are bisected between the good end and this revision, when there is a history to walk; else why not.</summary>
    private async Task<(string? NotBisected, CampaignHistory? History)> BisectionAsync(NightlyCommand command, NixDriver.Revisions.GitRepository repository,
        NightlyState state, NixDriver.Revisions.RevisionInfo revision, CancellationToken cancellationToken)
    {
        if (!command.Bisect) return ("not bisected (--no-bisect)", null);
        if (state.LastPassing is not { } good) return ("not bisected: no earlier revision passed the gate yet and no --initial-good was given", null);
        if (good.Hash == revision.Hash) return ("not bisected: the good end is this revision; the cause is new to this seed, not to clan-core", null);
        if (!await repository.IsAncestorAsync(good.Hash, revision.Hash, cancellationToken))
            return ($"not bisected: the good end {good.ShortHash} is not an ancestor of {revision.ShortHash}", null);
        return (null, new CampaignHistory(repository, await revisions.ResolveAsync(repository, good.Hash, cancellationToken), revision));
    }

    /// <summary>--initial-good, else the clan-core revision the fixture's flake.lock pins (the one the model describes).</summary>
    private string? InitialGood(NightlyCommand command)
    {
        if (command.InitialGood is not null) return command.InitialGood;
        if (files.LockFile is not { } lockFile) return null;
        return NixDriver.Rendering.InputPin.FromLock(lockFile).GetValueOrDefault("clan-core")?.Rev;
    }

    private static string Good(NightlyState state, bool seeded) =>
        state.LastPassing is not { } good ? "none" : $"{good.Describe()}{(seeded ? " (seeded: the state file names no passing night yet)" : "")}";

    private static string Render(CampaignSummary summary, Commit revision, IReadOnlyList<NightlyCause> causes, bool gatePassed)
    {
        var md = new Markdown()
            .Heading(1, $"clan-conformance nightly: {(gatePassed ? "passed" : "**failed**")}")
            .Paragraph($"clan-core `{revision.Hash}` ({revision.Date:yyyy-MM-dd}) {revision.Subject}; Nix {summary.Versions.Nix}; seed {summary.Seed}, {summary.CasesRun} cases; " +
                       $"{summary.CasesConforming} conform.");
        var fresh = causes.Where(c => !c.Known).ToList();
        foreach (var group in fresh.Where(c => c.FirstBadCommit is not null).GroupBy(c => c.FirstBadCommit!.Hash))
        {
            var commit = group.First().FirstBadCommit!;
            md.Heading(2, $"New since `{commit.ShortHash}` ({commit.Date:yyyy-MM-dd}) {commit.Subject}{(commit.PullRequest is { } pr ? $" — #{pr}" : "")}")
                .Bullets(group.Select(c => $"{c.Title} ({c.Cases} case(s)) — {Markdown.InlineCode(c.Key)}{(c.Report is null ? "" : $", report `{c.Report}`")}"));
        }
        if (causes.Count > 0)
            md.Table(["cause", "cases", "", "first bad commit"], causes.Select(c => (IReadOnlyList<string>)
            [
                $"{c.Title}<br>{Markdown.InlineCode(c.Key)}", c.Cases.ToString(), c.Known ? "known" : "**new**",
                c.FirstBadCommit is { } f ? $"`{f.Hash}` {f.Subject}" : c.Known ? "" : c.Bisection ?? "",
            ]), 1);
        md.Paragraph(gatePassed
                ? $"Gate passed: no new causes. `{revision.ShortHash}` is the good end for bisecting the next new cause."
                : "Gate failed. For each new cause: read its report (in the artifact), then fix the model, report upstream, or list its key in known-failures.txt (see docs/nightly.md).")
            .Paragraph("Reproduce: `scripts/nightly " + string.Join(' ', new[]
            {
                "--clan-core-repo", "CLAN_CORE_REPO", "--rev", revision.Hash, "--cases", (summary.CasesRequested / Generators.ClanArbitraries.CasesPerIndex(Generators.ClanArbitraries.ParseKind(summary.Generator) ?? Generators.CaseKind.Clan)).ToString(),
                "--seed", summary.Seed.ToString(), "--generator", summary.Generator,
            }) + "`")
            .Raw("<details><summary>Campaign summary</summary>")
            .Raw(summary.ToMarkdown())
            .Raw("</details>");
        return md.ToString();
    }

    private static void WriteSummary(NightlyCommand command, string markdown)
    {
        var path = command.SummaryFile ?? Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(path)) return;
        File.AppendAllText(path, markdown + "\n");
    }
}
