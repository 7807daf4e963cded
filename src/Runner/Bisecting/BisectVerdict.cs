namespace Conformance.Runner.Bisecting;

/// <summary>One revision's test result and why, for the report ("hostName differs", "clan-core does not evaluate: …").</summary>
internal sealed record BisectVerdict(BisectOutcome Outcome, string Reason)
{
    public static BisectVerdict Good(string reason = "") => new(BisectOutcome.Good, reason);

    public static BisectVerdict Bad(string reason = "") => new(BisectOutcome.Bad, reason);

    public static BisectVerdict Skip(string reason) => new(BisectOutcome.Skip, reason);

    public override string ToString() => Reason.Length == 0 ? Outcome.ToString().ToLowerInvariant() : $"{Outcome.ToString().ToLowerInvariant()} ({Reason})";
}
