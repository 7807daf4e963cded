using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.NixDriver.Checking;

/// <summary>A checked case: the case, what the model predicted, what Nix did, and the verdict.</summary>
public sealed record CaseResult(ClanCase Case, Prediction Prediction, CaseObservation Observation, CaseVerdict Verdict)
{
    /// <summary>How many <c>nix eval</c> processes observed this case (more than one: it was split or had isolated fields).</summary>
    public int Processes { get; init; } = 1;
}

/// <summary>Progress of a check: cases finished, processes run, machine evaluations done.</summary>
public sealed record CheckProgress(int CasesDone, int CasesTotal, int Processes, int MachineEvaluations, int Disagreeing);
