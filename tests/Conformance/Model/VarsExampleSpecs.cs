using System.Text.Json.Nodes;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;
using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// The vars model against clan-core's own vars eval tests (<see cref="VarsExampleCases"/>): for each
/// re-expressed upstream test, the model's prediction is the upstream test's expectation.
/// </summary>
public sealed class VarsExampleSpecs
{
    public static TheoryData<string> Tests
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var example in VarsExampleCases.All) data.Add(example.ToString());
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Tests))]
    public void The_vars_model_predicts_what_the_upstream_test_expects(string upstreamTest)
    {
        var example = VarsExampleCases.All.Single(e => e.ToString() == upstreamTest);
        var outcome = example.Predict();
        if (example.Expected.StartsWith("error:", StringComparison.Ordinal))
        {
            var parts = example.Expected.Split(':', 3);
            var error = Assert.IsType<ErrorOutcome>(outcome).Error;
            Assert.Equal(Enum.Parse<ErrorKind>(parts[1]), error.Kind);
            Assert.Contains(parts[2], error.KeyText, StringComparison.Ordinal);
        }
        else
        {
            var value = Assert.IsType<ValueOutcome>(outcome).Expected;
            Assert.True(JsonNode.DeepEquals(Sorted(JsonNode.Parse(example.Expected)), Sorted(value)),
                $"{example} ({example.File}): expected {example.Expected}, the model predicts {value?.ToJsonString()}");
        }
    }

    [Fact]
    public void All_46_upstream_vars_tests_are_re_expressed_once() =>
        Assert.Equal(46, VarsExampleCases.All.Select(e => e.ToString()).Distinct().Count());

    /// <summary>Nix compares attribute sets by content, not order: keys sorted on both sides.</summary>
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
