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
    /// <summary>
    /// How the harness's own lookups begin the message they throw when what a field reads is not
    /// there (a machine that is no member of the role the model puts it in): the field's Nix
    /// expression writes it, the classifier reads it as a throw, the ledger as an absence.
    /// </summary>
    public const string LookupMissPrefix = "clan-conformance: ";

    public string Headline => Message.Split('\n', 2)[0];

    /// <summary>Whether the harness's lookup found nothing to read: the tested side has no such thing (not: evaluating it failed).</summary>
    public bool IsLookupMiss => Kind == ErrorKind.Throw && Message.StartsWith(LookupMissPrefix, StringComparison.Ordinal);

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
