namespace Conformance.Runner.Campaigns;

/// <summary>
/// One budget for everything a campaign does after checking — shrinking, verifying each shrunk
/// case's report commands, and (with history) bisecting it — like C-Reduce's: when it is spent the
/// results so far stand, and what was cut is named. Shrinking stops early enough to leave the
/// rest of the budget for verification and bisection of the last causes: a <see cref="Reserve"/>
/// fraction of it (a quarter without history, where only verification follows; 45% with history,
/// where bisection follows too — measured: a verification costs one or two nix processes per
/// revision, a bisection of one merge four to six, of a night's range ten to twenty).
/// </summary>
internal sealed record TriageBudget(TimeSpan Total, bool WithHistory, DateTimeOffset Start)
{
    public static TriageBudget StartingNow(TimeSpan total, bool withHistory) => new(total, withHistory, DateTimeOffset.UtcNow);

    public double Reserve => WithHistory ? 0.45 : 0.25;

    public DateTimeOffset Deadline => Start + Total;

    /// <summary>When shrinking stops (the reserve is left for verifying and bisecting).</summary>
    public DateTimeOffset ShrinkDeadline => Start + Total * (1 - Reserve);

    public bool Spent => DateTimeOffset.UtcNow >= Deadline;

    public bool ShrinkingSpent => DateTimeOffset.UtcNow >= ShrinkDeadline;

    public TimeSpan Remaining => Deadline - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;
}
