using Conformance.Model.Ledger;
using Conformance.Runner.Checking;

namespace Conformance.Runner.Sinks;

/// <summary>
/// Where a campaign's findings go as they happen: the failure corpus, the console, the summary
/// files. <c>run</c>, <c>diff</c> and <c>nightly</c> compose the same sinks; a campaign calls them one
/// at a time, in order.
/// </summary>
internal interface ICampaignSink
{
    /// <summary>How checking goes (cases done, processes, rate).</summary>
    void Checking(CheckProgress progress) { }

    /// <summary>Every checked case, conforming or not, as it arrives.</summary>
    void CaseChecked(CaseResult result, CheckedCase checkedCase) { }

    /// <summary>A case whose failing fields form a fingerprint not seen before in this campaign: saved the moment it is found.</summary>
    void FailureFound(FoundFailure failure) { }

    /// <summary>A line of progress (shrinking started, a stage cut).</summary>
    void Progress(string line) { }

    /// <summary>One cause triaged: its shrunk case, report checks, first bad commit.</summary>
    void CauseTriaged(TriagedCause cause, FoundFailure minimal) { }

    /// <summary>The campaign is over (finished, interrupted or stopped by the infrastructure).</summary>
    void Completed(CampaignSummary summary, Ledger ledger) { }
}

/// <summary>A failing case with its fingerprint (the distinct set of disagreeing fields) and where it is saved.</summary>
internal sealed record FoundFailure(CaseResult Result, CheckedCase Checked, string Fingerprint, string Directory);
