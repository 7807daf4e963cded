namespace Conformance.NixDriver.Evaluation;

/// <summary>What one evaluation with statistics returned: its JSON, Nix's counters, the rest of stderr, wall time and (if measured) peak memory.</summary>
public sealed record NixCostResult(string Json, EvaluatorStats Stats, StderrReport Stderr, TimeSpan Duration, long? PeakRssKilobytes, Backends.NixCommand Command);
