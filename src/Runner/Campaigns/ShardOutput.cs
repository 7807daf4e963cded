using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Campaigns;

/// <summary>What one shard's output directory holds that <c>merge</c> reads: its summary.json, every case of its results.jsonl, and each cause it triaged as shrinks.jsonl records it.</summary>
internal sealed record ShardOutput(string Directory, CampaignSummary Summary, IReadOnlyList<ResultRecord> Results)
{
    public IReadOnlyList<ShrinkRecord> Shrinks { get; init; } = [];
}
