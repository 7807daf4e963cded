using System.Text.Json.Nodes;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Tests.Examples;

/// <summary>
/// One of clan-core's eval tests re-expressed without Nix: the upstream test's input as plain
/// records, the model's prediction put through what the upstream <c>expr</c> does to the evaluated
/// value (<c>attrNames</c>, <c>length</c>, <c>? attr</c>, …), and the upstream <c>expected</c>
/// (JSON) or <c>expectedError</c> (<c>error:&lt;Kind&gt;:&lt;text the message contains&gt;</c>).
/// </summary>
public sealed record UpstreamExample(string Suite, string Test, string File, Func<Outcome> Predict, string Expected)
{
    public override string ToString() => $"{Suite}:{Test}";

    /// <summary>Asserts that the model predicts what the upstream test expects (attribute sets compare by content, as Nix does).</summary>
    public void AssertModelAgrees()
    {
        var outcome = Predict();
        if (Expected.StartsWith("error:", StringComparison.Ordinal))
        {
            var parts = Expected.Split(':', 3);
            var error = Assert.IsType<ErrorOutcome>(outcome).Error;
            Assert.Equal(Enum.Parse<ErrorKind>(parts[1]), error.Kind);
            Assert.Contains(parts[2], error.KeyText, StringComparison.Ordinal);
            return;
        }
        var value = Assert.IsType<ValueOutcome>(outcome).Expected;
        Assert.True(JsonNode.DeepEquals(Sorted(JsonNode.Parse(Expected)), Sorted(value)),
            $"{this} ({File}): expected {Expected}, the model predicts {value?.ToJsonString()}");
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
