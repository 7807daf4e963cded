using System.Text.Json.Nodes;
using Conformance.Model.Errors;

namespace Conformance.Model.Observations;

/// <summary>What Nix produced for one field: a JSON value or an evaluation error.</summary>
public abstract record Observed;

public sealed record ObservedValue(JsonNode? Value) : Observed
{
    public override string ToString() => Value?.ToJsonString() ?? "null";
}

public sealed record ObservedError(ErrorKind Kind, string Message) : Observed
{
    public string Headline => Message.Split('\n', 2)[0];

    public override string ToString() => $"error ({Kind}): {Headline}";
}

/// <summary>
/// Everything observed for one case. <see cref="Unobserved"/> lists fields that could not be
/// observed faithfully (e.g. trace counts when the case had to be split across processes) with
/// the reason; they are reported, not compared.
/// </summary>
public sealed record CaseObservation(string CaseId, IReadOnlyDictionary<FieldKey, Observed> Fields)
{
    public IReadOnlyDictionary<FieldKey, string> Unobserved { get; init; } = new Dictionary<FieldKey, string>();

    /// <summary>
    /// Fields the infrastructure kept from being observed (e.g. evaluation killed by the timeout),
    /// with the reason: harness faults, never conformance results.
    /// </summary>
    public IReadOnlyDictionary<FieldKey, string> Faults { get; init; } = new Dictionary<FieldKey, string>();

    /// <summary>stderr lines attributed to the case that no field accounts for (other warnings and traces).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
