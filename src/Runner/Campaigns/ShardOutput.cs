using Conformance.Runner.Corpus;

namespace Conformance.Runner.Campaigns;

/// <summary>What one shard's output directory holds that <c>merge</c> reads: its summary.json and every case of its results.jsonl.</summary>
internal sealed record ShardOutput(string Directory, CampaignSummary Summary, IReadOnlyList<ResultRecord> Results);
