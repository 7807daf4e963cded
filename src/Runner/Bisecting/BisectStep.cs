namespace Conformance.Runner.Bisecting;

/// <summary>
/// One test of a bisection: which round (revisions of one round are tested together when the
/// search runs in parallel), the revision's position among the candidates, and the verdict.
/// </summary>
internal sealed record BisectStep(int Round, int Index, string Revision, BisectVerdict Verdict);
