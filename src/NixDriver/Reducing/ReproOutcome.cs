using System.Text.Json.Nodes;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.NixDriver.Evaluation;

namespace Conformance.NixDriver.Reducing;

/// <summary>
/// What a repro's command shows, as the reducer compares it: the JSON value, or the error's kind
/// and its first line (store hashes and positions normalised away, <see cref="ErrorText.Headline"/>)
/// — the same value, or the same error kind and message line.
/// </summary>
public sealed record ReproOutcome(JsonNode? Value, ErrorKind? Kind, string? Headline)
{
    public static ReproOutcome Of(NixReplTranscript.Item item) =>
        item.Error is { } e ? Failed(e) : new ReproOutcome(JsonNode.Parse(item.Json!), null, null);

    public static ReproOutcome Failed(NixError error) => new(null, error.Kind, ErrorText.Headline(error.Message));

    public static ReproOutcome Printed(string json) => new(JsonNode.Parse(json), null, null);

    public bool IsError => Kind is not null;

    public bool Same(ReproOutcome other) =>
        IsError ? other.Kind == Kind && other.Headline == Headline : !other.IsError && JsonNode.DeepEquals(Value, other.Value);

    public override string ToString() => IsError ? $"error {Kind}: {Headline}" : Value?.ToJsonString() ?? "null";
}
