using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Runner.Checking;

/// <summary>A checked case: the case, what was expected (by the model or a base revision), what Nix did, and the verdict.</summary>
internal sealed record CaseResult(ClanCase Case, Prediction Expected, CaseObservation Observation, CaseVerdict Verdict);

/// <summary>Progress of a check: cases finished, processes run, machine evaluations done, cases disagreeing.</summary>
internal sealed record CheckProgress(int CasesDone, int CasesTotal, int Processes, int MachineEvaluations, int Disagreeing);
