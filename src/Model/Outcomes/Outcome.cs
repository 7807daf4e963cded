using System.Text.Json.Nodes;
using Conformance.Model.Errors;

namespace Conformance.Model.Outcomes;

/// <summary>
/// What the oracle predicts for one field: a value or an error, never both (nix-unit's
/// <c>expected</c> / <c>expectedError</c>). <see cref="Rule"/> says which rule of the model decided
/// it, for reports.
/// </summary>
public abstract record Outcome(string Rule)
{
    /// <summary>
    /// Set when this outcome is what clan-core's documentation says but the implementation is
    /// known to do otherwise: <see cref="DeviationOutcome.Actual"/> is what the model predicts Nix
    /// really does. See <see cref="Comparison.KnownDeviation"/>.
    /// </summary>
    public DeviationOutcome? Deviation { get; init; }

    /// <summary>
    /// Whether evaluating the whole value (<c>deepSeq</c>, in whatever order) may raise an error
    /// <c>builtins.tryEval</c> cannot catch, even if the first error in <c>builtins.toJSON</c>'s order
    /// (the predicted one) is catchable. A hint for observers: such a field is read on its own.
    /// </summary>
    public bool BreaksTryEval { get; init; }

    public static Outcome Value(JsonNode? value, string rule) => new ValueOutcome(value, rule);

    public static Outcome Fails(ExpectedError error) => new ErrorOutcome(error);
}

/// <summary>A predicted JSON value (canonical: see <see cref="Comparison.Canonical"/>).</summary>
public sealed record ValueOutcome(JsonNode? Expected, string Rule) : Outcome(Rule)
{
    public override string ToString() => Expected?.ToJsonString() ?? "null";
}

/// <summary>A predicted evaluation error.</summary>
public sealed record ErrorOutcome(ExpectedError Error) : Outcome(Error.Rule)
{
    public override string ToString() => "error: " + Error;
}

/// <summary>A documented-but-not-implemented behaviour: its id in known-deviations.json and the actual outcome.</summary>
public sealed record DeviationOutcome(string Id, Outcome Actual);
