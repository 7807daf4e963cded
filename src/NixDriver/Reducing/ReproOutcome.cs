using System.Text.Json.Nodes;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.NixDriver.Evaluation;

namespace Conformance.NixDriver.Reducing;

/// <summary>
/// What a repro's command shows, as the reducer compares it: the JSON value, or the error's kind,
/// its first line and the rest of its message without code frames (store hashes and positions
/// normalised away, <see cref="ErrorText"/>) — the same value, or the same error saying the same.
/// <para>
/// Why the message body and not the first line alone: what a report is about can be below it. A
/// conflict's "- In `FILE': value" lines name where each definition was made (finding 13: flake-parts'
/// alias names clan-core's file for the user's definition); comparing the first line let the reducer
/// trade the flake-parts clan for a plain one whose definitions come from `&lt;unknown-file&gt;`, and the
/// repro no longer showed the finding. Code frames (`at FILE:`, numbered source lines) quote the
/// repro's own text, which every reduction changes, so they are left out.
/// </para>
/// </summary>
public sealed partial record ReproOutcome(JsonNode? Value, ErrorKind? Kind, string? Headline, string? Body = null)
{
    public static ReproOutcome Of(NixReplTranscript.Item item) =>
        item.Error is { } e ? Failed(e) : new ReproOutcome(JsonNode.Parse(item.Json!), null, null);

    public static ReproOutcome Failed(NixError error) => new(null, error.Kind, ErrorText.Headline(error.Message), BodyOf(error.Message));

    public static ReproOutcome Printed(string json) => new(JsonNode.Parse(json), null, null);

    public bool IsError => Kind is not null;

    public bool Same(ReproOutcome other) =>
        IsError ? other.Kind == Kind && other.Headline == Headline && other.Body == Body
            : !other.IsError && JsonNode.DeepEquals(Value, other.Value);

    /// <summary>The message's lines after the first, normalised, without code frames and blank lines.</summary>
    private static string BodyOf(string message) => string.Join('\n', message.Split('\n').Skip(1)
        .Where(line => line.Trim().Length > 0 && !CodeFrame().IsMatch(line))
        .Select(line => ErrorText.Normalise(line).Trim()));

    // "at /nix/store/…/x.nix:3:5:", "  12|   foo = 1;", "    |   ^".
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(at .*:$|at «[^»]*»:?$|\d*\s*\|)")]
    private static partial System.Text.RegularExpressions.Regex CodeFrame();

    /// <summary>Whether the output shows <paramref name="name"/> (in its value or its message).</summary>
    public bool Mentions(string name) =>
        (IsError ? $"{Headline}\n{Body}" : Value?.ToJsonString() ?? "null").Contains(name, StringComparison.Ordinal);

    public override string ToString() => IsError ? $"error {Kind}: {Headline}" : Value?.ToJsonString() ?? "null";
}
