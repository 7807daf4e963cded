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
