using Conformance.Generators;
using Conformance.Model.Causes;
using Conformance.Model.Observations;
using Conformance.Runner.Corpus;
using Conformance.Runner.Cli;

namespace Conformance.Runner.Sinks;

/// <summary>What a campaign is about and where its results go (shared by <c>run</c>, <c>diff</c> and <c>nightly</c>).</summary>
internal sealed record CampaignSettings
{
    /// <summary><c>run</c> (against the model) or <c>diff</c> (against a base revision).</summary>
    public required string Kind { get; init; }
    public required string OutDirectory { get; init; }
    public required int Seed { get; init; }
    public required int Size { get; init; }
    /// <summary>The shard of the cases this campaign checks (<c>--shard K/N</c>); null: all of them.</summary>
    public CaseShard? Shard { get; init; }
    public IReadOnlySet<FocusArea> Focus { get; init; } = new HashSet<FocusArea>();
    /// <summary>The generator's CLI name (see <see cref="ClanArbitraries.Name"/>).</summary>
    public required string Generator { get; init; }
    public required bool Shrink { get; init; }
    /// <summary>Wall time for everything after checking: shrinking, verifying, bisecting (<see cref="Campaigns.TriageBudget"/>).</summary>
    public required TimeSpan ShrinkBudget { get; init; }
    public required int Workers { get; init; }
    public required EvaluatedVersions Versions { get; init; }
    public EvaluatedVersions? BaseVersions { get; init; }
    public IReadOnlySet<CauseKey> KnownCauses { get; init; } = new HashSet<CauseKey>();
    /// <summary>Fingerprints already saved in the output directory before this run: found again, they gain an occurrence and are "seen before".</summary>
    public IReadOnlySet<string> SeenBefore { get; init; } = new HashSet<string>();
    public TimeSpan SetupTime { get; init; }
    public bool Verbose { get; init; }
    /// <summary>Triage causes listed in known-failures.txt too (the nightly does not: they are understood, and its time goes to new ones).</summary>
    public bool ShrinkKnownCauses { get; init; } = true;

    /// <summary>The settings a command's campaign options give.</summary>
    public static CampaignSettings From(string kind, Cli.CampaignOptions options, string outDirectory, int workers, EvaluatedVersions versions,
        IReadOnlySet<CauseKey> knownCauses, TimeSpan setupTime, bool verbose) => new()
    {
        Kind = kind,
        OutDirectory = outDirectory,
        Seed = options.Seed,
        Size = options.Size,
        Shard = options.Shard,
        Focus = options.Focus.ToHashSet(),
        Generator = ClanArbitraries.Name(options.CaseKind),
        Shrink = options.Shrink,
        ShrinkBudget = options.ShrinkBudget,
        Workers = workers,
        Versions = versions,
        KnownCauses = knownCauses,
        SetupTime = setupTime,
        Verbose = verbose,
    };

    /// <summary>Disagreements that count, restricted to the focus areas when any are given.</summary>
    public IReadOnlyList<Model.Comparison.FieldComparison> Failing(Model.Comparison.CaseVerdict verdict) => FailingFields(verdict, Focus);

    /// <summary>Disagreements that count, restricted to the focus areas when any are given.</summary>
    public static IReadOnlyList<Model.Comparison.FieldComparison> FailingFields(Model.Comparison.CaseVerdict verdict, IReadOnlySet<FocusArea> focus) =>
        verdict.Fields.Where(f => f.Counts && (focus.Count == 0 || FocusAreas.Of(f.Key, f.Expected, f.Actual).Overlaps(focus))).ToList();
}
