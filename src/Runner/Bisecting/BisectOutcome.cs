namespace Conformance.Runner.Bisecting;

/// <summary>
/// What testing one revision said, as in <c>git bisect run</c>: exit 0 good, 1–127 bad, 125 skip.
/// </summary>
internal enum BisectOutcome
{
    /// <summary>The revision behaves like the known-good one (its observations have not changed yet).</summary>
    Good,

    /// <summary>The revision behaves like the known-bad one.</summary>
    Bad,

    /// <summary>The revision cannot be tested (it does not evaluate, inputs are missing): it is never called good or bad.</summary>
    Skip,
}
