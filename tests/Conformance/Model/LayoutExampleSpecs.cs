using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// The model against clan-core's own eval tests of the clan module, its directory and its metadata
/// (lib/tests.nix, lib/dir_test.nix, lib/clanTest/relativeDir-test.nix): for each re-expressed
/// upstream test, the model's prediction of the field that carries the upstream assertion is the
/// upstream test's expected value. No Nix.
/// </summary>
public sealed class LayoutExampleSpecs
{
    public static TheoryData<string, string, string, string> Checks
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var (example, file, test, key, expected) in LayoutExampleCases.UpstreamChecks) data.Add(example, $"{file} {test}", key, expected);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void The_model_predicts_what_the_upstream_test_expects(string example, string upstreamTest, string field, string expected)
    {
        var clanCase = (ClanCase)typeof(LayoutExampleCases).GetProperty(example)!.GetValue(null)!;
        Assert.Empty(CaseValidator.Problems(clanCase));
        var key = FieldKey.Parse(field);
        Assert.True(Oracle.Predict(clanCase).Fields.TryGetValue(key, out var outcome), $"{example} ({upstreamTest}) does not observe {field}");
        var value = Assert.IsType<ValueOutcome>(outcome).Expected;
        if (expected.StartsWith("contains:", StringComparison.Ordinal))
            foreach (var (name, item) in JsonNode.Parse(expected["contains:".Length..])!.AsObject())
                Assert.True(JsonNode.DeepEquals(item, value![name]), $"{upstreamTest}: expected {name} = {item?.ToJsonString()}, the model predicts {value?.ToJsonString()}");
        else if (expected.StartsWith("keys:", StringComparison.Ordinal))
            Assert.Equal(JsonNode.Parse(expected["keys:".Length..])!.AsArray().Select(n => n!.GetValue<string>()), value!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        else
            Assert.True(Canonical.Equal(key, JsonNode.Parse(expected), value), $"{upstreamTest}: expected {expected}, the model predicts {value?.ToJsonString()}");
    }

    /// <summary>Every test of the three upstream files is either re-expressed or listed as left out, with its reason.</summary>
    [Fact]
    public void Every_upstream_test_of_these_files_is_accounted_for()
    {
        var expressed = LayoutExampleCases.UpstreamChecks.Select(c => c.UpstreamTest).Distinct().Count();
        var leftOut = LayoutExampleCases.LeftOut.Sum(l => l.UpstreamTest.Split(", ").Length);
        // At the pinned revision: lib/tests.nix 18 tests of its own (its `clan` and `autoloading` sets are
        // lib-clan-tests.nix, 1, and dir_test.nix, 2), clanTest/relativeDir-test.nix 4.
        Assert.Equal(18 + 1 + 2 + 4, expressed + leftOut);
        Assert.Equal(12, expressed);
    }
}
