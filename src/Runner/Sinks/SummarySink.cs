using Conformance.Model.Ledger;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Sinks;

/// <summary>Writes summary.json and summary.md when the campaign is over (also when it stopped early: what was found stands).</summary>
internal sealed class SummarySink(string outDirectory) : ICampaignSink
{
    public void Completed(CampaignSummary summary, Ledger ledger)
    {
        AtomicFile.Write(Path.Combine(outDirectory, "summary.json"), RecordJson.Serialize(summary));
        AtomicFile.Write(Path.Combine(outDirectory, "summary.md"), summary.ToMarkdown());
    }
}
