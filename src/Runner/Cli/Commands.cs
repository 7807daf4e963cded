using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;

namespace Conformance.Runner.Cli;

/// <summary>Options every command that evaluates shares.</summary>
internal sealed record NixOptions
{
    public string? InputsFile { get; init; }
    public IReadOnlyList<InputOverride> Overrides { get; init; } = [];
    public BackendKind Backend { get; init; } = BackendKind.Auto;
    public int Workers { get; init; } = Defaults.Workers;
    public bool KeepWorkDirectories { get; init; }
    public string? KnownDeviationsFile { get; init; }
    public string? KnownFailuresFile { get; init; }
    /// <summary>A local clone of clan-core (full history) to evaluate at <see cref="ClanCoreRevision"/>.</summary>
    public string? ClanCoreRepository { get; init; }
    /// <summary>Anything git resolves in <see cref="ClanCoreRepository"/> (default HEAD).</summary>
    public string? ClanCoreRevision { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(Defaults.TimeoutSeconds);
    /// <summary>The container backend's image (<c>--nix VERSION|IMAGE</c>, resolved); null: <c>$CLAN_CONFORMANCE_IMAGE</c> or the default.</summary>
    public string? Image { get; init; }
}

/// <summary>A parsed command line: one record per verb.</summary>
internal abstract record Command
{
    public bool Verbose { get; init; }
}

/// <summary>What a campaign generates and how it treats what it finds (run, diff, nightly).</summary>
internal sealed record CampaignOptions
{
    public int Cases { get; init; } = Defaults.Cases;
    public int Seed { get; init; }
    public int Size { get; init; } = Generators.ClanArbitraries.DefaultSize;
    public string? OutDirectory { get; init; }
    public IReadOnlyList<FocusArea> Focus { get; init; } = [];
    /// <summary>Which generator draws the cases; null: the one the focus implies (<see cref="Generators.ClanArbitraries.KindFor"/>: all without a focus, services for services, else whole clans).</summary>
    public Generators.CaseKind? Generator { get; init; }
    public bool Shrink { get; init; } = true;
    /// <summary>Wall time for shrinking, verifying and bisecting every cause (causes in parallel); what is found by then is reported, what was cut named.</summary>
    public TimeSpan ShrinkBudget { get; init; } = Defaults.ShrinkBudget;
    /// <summary>Check only this shard of the cases (<c>--shard K/N</c>); null: all of them.</summary>
    public CaseShard? Shard { get; init; }
    /// <summary>Observe the evaluation cost of the first this-many cases too (<c>--cost N</c>): one extra <c>nix</c> process per path and system of each.</summary>
    public int Cost { get; init; }

    /// <summary>
    /// The campaign's cases: the shard's, those of the first <see cref="Cost"/> indices observed with cost.
    /// --cost counts indices as --cases does (an index is a clan and its services case without a focus),
    /// and marks by index, so a shard observes the cost of exactly the cases the whole campaign would.
    /// </summary>
    public IReadOnlyList<Model.Cases.ClanCase> SelectCases()
    {
        var costly = Generators.ClanArbitraries.Campaign(Seed, Math.Min(Cost, Cases), Size, CaseKind).Select(c => c.Id).ToHashSet();
        return CaseShard.Select(Shard, Seed, Cases, Size, CaseKind).Select(c => costly.Contains(c.Id) ? c with { ObserveCost = true } : c).ToList();
    }

    public Generators.CaseKind CaseKind => Generator ?? Generators.ClanArbitraries.KindFor(Focus);
}

/// <summary><c>run</c>: a campaign against the model.</summary>
internal sealed record RunCommand(NixOptions Nix, CampaignOptions Campaign) : Command;

/// <summary><c>replay PATH</c>: re-check saved failures.</summary>
internal sealed record ReplayCommand(NixOptions Nix, string Path) : Command
{
    /// <summary>Also write each case's verdict as JSON there (source, replayed, conforms, cause keys): what the nightly's issues are closed by.</summary>
    public string? VerdictsFile { get; init; }
}

/// <summary><c>report PATH</c>: a saved failure's report; with a revision, its commands are re-run there.</summary>
/// <para>A finding file or a findings directory instead: the findings' reports, from their reproductions run now (<see cref="OutDirectory"/>: written there).</para>
internal sealed record ReportCommand(NixOptions Nix, string Path) : Command
{
    public string? OutDirectory { get; init; }
}

/// <summary>What <c>export</c> writes.</summary>
internal enum ExportFormat
{
    /// <summary><c>--nix-unit</c>: a nix-unit test set per finding or failure.</summary>
    NixUnit,

    /// <summary><c>--clan-core-patch</c>: a patch to clan-core adding the test where its eval checks run it.</summary>
    ClanCorePatch,
}

/// <summary><c>export --nix-unit|--clan-core-patch PATH --out DIR</c>: a finding or a saved failure as a test clan-core can run.</summary>
internal sealed record ExportCommand(NixOptions Nix, string Path, string OutDirectory) : Command
{
    public ExportFormat Format { get; init; } = ExportFormat.NixUnit;
}

/// <summary><c>history PATH --clan-core-repo DIR</c>: the commit that introduced a finding's behaviour (or a failure's first bad commit), its pull request and later reverts.</summary>
internal sealed record HistoryCommand(string Repository, string Path) : Command
{
    /// <summary>The revision whose history is read (default: the clan-core revision the fixture's flake.lock pins).</summary>
    public string? Revision { get; init; }

    /// <summary>Bisect from this revision (a finding's case; a failure's default is its diff's base).</summary>
    public string? Good { get; init; }

    /// <summary>How a bisection evaluates (inputs, backend, workers).</summary>
    public NixOptions Nix { get; init; } = new();
}

/// <summary><c>bench</c>: the naive observer against the harness's, same cases.</summary>
internal sealed record BenchCommand(NixOptions Nix, int Cases, int Seed, string? OutDirectory) : Command;

/// <summary><c>diff</c>: the same cases against two revisions, no model.</summary>
internal sealed record DiffCommand(NixOptions Nix, CampaignOptions Campaign, string BaseRevision, string HeadRevision) : Command
{
    /// <summary>The base side's image (<c>--base-nix</c>); null: the same as the head's.</summary>
    public string? BaseImage { get; init; }

    /// <summary>The head side's image (<c>--head-nix</c>); null: <see cref="NixOptions.Image"/>.</summary>
    public string? HeadImage { get; init; }
}

/// <summary><c>scale</c>: generated fleets of increasing size, what evaluating each path costs, per-machine growth; one revision, or a base and a head side by side.</summary>
internal sealed record ScaleCommand(NixOptions Nix, IReadOnlyList<int> Sizes, string? OutDirectory, string? BaseRevision, string? HeadRevision) : Command;

/// <summary><c>coverage</c>: clan-core's declared options and eval tests against what the harness generates, predicts, observes and re-expresses; with a base and a head, what the head adds (schema drift).</summary>
internal sealed record CoverageCommand(NixOptions Nix, string? BaseRevision, string? HeadRevision) : Command
{
    /// <summary>Also write the report (or the diff) as JSON there (<c>--json FILE</c>).</summary>
    public string? JsonFile { get; init; }
}

/// <summary><c>bisect</c>: the first commit between two revisions where a case's observation turns from good's to bad's.</summary>
internal sealed record BisectCommand(NixOptions Nix, string Good, string Bad, string Path) : Command;

/// <summary><c>nightly</c>: campaign, gate on new causes, bisect them, job summary.</summary>
internal sealed record NightlyCommand(NixOptions Nix, CampaignOptions Campaign, string Revision) : Command
{
    /// <summary>Remembers the last revision that conformed (the good end of a bisection) across nights.</summary>
    public string? StateFile { get; init; }
    /// <summary>Where the job summary (Markdown) is appended; default <c>$GITHUB_STEP_SUMMARY</c>.</summary>
    public string? SummaryFile { get; init; }
    public bool Bisect { get; init; } = true;
    /// <summary>The good end while the state file names none (the first night); null: the clan-core revision the fixture's flake.lock pins.</summary>
    public string? InitialGood { get; init; }
    /// <summary>Decide the night from this merged campaign (<c>merge --out DIR</c> of the shards) instead of running one.</summary>
    public string? Merged { get; init; }
}

/// <summary><c>issues NIGHT_DIR</c>: which issues the night opens, comments on, reopens and closes (the plan; <c>scripts/nightly</c> applies it).</summary>
internal sealed record IssuesCommand(string NightDirectory) : Command
{
    /// <summary>The issues the nightly filed before, in GitHub's REST shape (a JSON array); null: none.</summary>
    public string? IssuesFile { get; init; }
    /// <summary>The workflow run each body and comment links to.</summary>
    public string? RunUrl { get; init; }
    /// <summary>Tonight's replays of the issues' cases (<c>replay --verdicts</c> of <see cref="CasesOut"/>): they decide closing and reopening.</summary>
    public string? ReplayedFile { get; init; }
    /// <summary>Write each tracked issue's case there (NUMBER.json) and stop: the cases to replay.</summary>
    public string? CasesOut { get; init; }
}

/// <summary><c>merge --out DIR SHARD_DIR...</c>: the outputs of a sharded campaign combined into one.</summary>
internal sealed record MergeCommand(string OutDirectory, IReadOnlyList<string> Shards) : Command;

/// <summary>A command line the CLI cannot accept; the message names the fix. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
