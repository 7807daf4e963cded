namespace Conformance.Runner.Campaigns;

/// <summary>
/// One budget for everything a campaign does after checking — shrinking, verifying each shrunk
/// case's report commands, (with history) bisecting it, and rendering its upstream.md — like
/// C-Reduce's: when it is spent the results so far stand, and what was cut is named. Shrinking
/// stops early enough that the cause a worker shrinks last can still go through the later stages:
/// at the deadline less a reserve, the time those stages took for one cause so far (half again,
/// for safety), starting from a guess (15 s without history, where verification and upstream.md
/// follow; 45 s with it — a verification costs one or two nix processes per revision, upstream.md
/// one, a bisection of one merge four to six) and never more than half the budget.
/// </summary>
internal sealed class TriageBudget(TimeSpan total, bool withHistory, DateTimeOffset start)
{
    private readonly object _gate = new();
    private TimeSpan _afterShrinking = TimeSpan.FromSeconds(withHistory ? 45 : 15);
    private int _measured;

    public static TriageBudget StartingNow(TimeSpan total, bool withHistory) => new(total, withHistory, DateTimeOffset.UtcNow);

    public DateTimeOffset Start => start;

    public DateTimeOffset Deadline => start + total;

    /// <summary>Time kept after shrinking for one cause's verification and bisection.</summary>
    public TimeSpan Reserve
    {
        get
        {
            lock (_gate) return TimeSpan.FromTicks(Math.Min((_afterShrinking * 1.5).Ticks, (total / 2).Ticks));
        }
    }

    /// <summary>When shrinking stops.</summary>
    public DateTimeOffset ShrinkDeadline => Deadline - Reserve;

    public bool Spent => DateTimeOffset.UtcNow >= Deadline;

    public bool ShrinkingSpent => DateTimeOffset.UtcNow >= ShrinkDeadline;

    public TimeSpan Remaining => Deadline - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>Records what verifying and bisecting one cause took: the reserve follows the running mean.</summary>
    public void Measured(TimeSpan afterShrinking)
    {
        lock (_gate)
        {
            _measured++;
            _afterShrinking = _measured == 1 ? afterShrinking : _afterShrinking + (afterShrinking - _afterShrinking) / _measured;
        }
    }
}
