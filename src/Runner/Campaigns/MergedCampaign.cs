using Conformance.Model.Ledger;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Campaigns;

/// <summary>The shards of a campaign combined (<see cref="ShardMerge"/>): one summary, the ledger rebuilt from every shard's cases, and those cases in index order.</summary>
internal sealed record MergedCampaign(CampaignSummary Summary, Ledger Ledger, IReadOnlyList<ResultRecord> Results);
