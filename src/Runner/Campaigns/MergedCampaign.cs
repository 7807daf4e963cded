using Conformance.Model.Ledger;
using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Campaigns;

/// <summary>The shards of a campaign combined (<see cref="ShardMerge"/>): one summary, the ledger rebuilt from every shard's cases and shrink evidence, those cases in index order, and the evidence the ledger used.</summary>
internal sealed record MergedCampaign(CampaignSummary Summary, Ledger Ledger, IReadOnlyList<ResultRecord> Results)
{
    /// <summary>The shrink evidence of each cause key, as one campaign would have recorded it (shrinks.jsonl of the merge).</summary>
    public IReadOnlyList<ShrinkRecord> Shrinks { get; init; } = [];
}
