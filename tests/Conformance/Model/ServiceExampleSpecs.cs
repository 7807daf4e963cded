using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// The model against clan-core's own distributed-service tests: for each re-expressed upstream test,
/// the model's prediction of the field that carries the upstream assertion is the upstream test's
/// expected value (copied from the upstream test file, in the harness's terms).
/// </summary>
public sealed class ServiceExampleSpecs
{
    public static TheoryData<string, string, string, string> Checks
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var (example, test, key, expected) in ServiceExampleCases.UpstreamChecks) data.Add(example, test, key, expected);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void The_model_predicts_what_the_upstream_test_expects(string example, string upstreamTest, string field, string expected)
    {
        var clanCase = (ClanCase)typeof(ServiceExampleCases).GetProperty(example)!.GetValue(null)!;
        Assert.Empty(CaseValidator.Problems(clanCase));
        var key = FieldKey.Parse(field);
        var prediction = Oracle.Predict(clanCase);
        Assert.True(prediction.Fields.TryGetValue(key, out var outcome), $"{example} ({upstreamTest}) does not observe {field}");
        var value = Assert.IsType<ValueOutcome>(outcome).Expected;
        if (expected.StartsWith("contains:", StringComparison.Ordinal))
        {
            var items = value!.AsArray().Select(n => n!.ToJsonString()).ToList();
            foreach (var item in JsonNode.Parse(expected["contains:".Length..])!.AsArray()) Assert.Contains(item!.ToJsonString(), items);
        }
        else
            Assert.True(Canonical.Equal(key, JsonNode.Parse(expected), value), $"{upstreamTest}: expected {expected}, the model predicts {value?.ToJsonString()}");
    }

    [Fact]
    public void All_26_upstream_tests_are_re_expressed() => Assert.Equal(26, ServiceExampleCases.Names.Count);
}
