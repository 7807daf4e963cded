using Conformance.Model.Exports;
using Conformance.Model.Outcomes;
using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>The export scope model against clan-core's own export tests (<see cref="ExportsExampleCases"/>), and the errors those tests do not reach.</summary>
public sealed class ExportsExampleSpecs
{
    public static TheoryData<string> Tests => new(ExportsExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void The_exports_model_predicts_what_the_upstream_test_expects(string upstreamTest) =>
        ExportsExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();

    [Fact]
    public void All_19_upstream_scope_tests_are_re_expressed_once() =>
        Assert.Equal(19, ExportsExampleCases.All.Select(e => e.ToString()).Distinct().Count());

    [Theory]
    [InlineData("", "", "", "", "Global exports")]
    [InlineData("", "i1", "peer", "", "requires at least 'serviceName' or 'machineName'")]
    [InlineData("a:b", "", "", "", "a:b cannot contain the \":\" character")]
    public void A_scope_key_clan_core_refuses_is_an_error(string service, string instance, string role, string machine, string message) =>
        Assert.Contains(message, Assert.IsType<ErrorOutcome>(ExportScopes.BuildScopeKey(new(service, instance, role, machine))).Error.KeyText);

    /// <summary>builtins.match is a whole-string match: ".?:.?" only refuses parts of at most three characters, so a longer part with a colon makes a key of more than four parts.</summary>
    [Fact]
    public void A_longer_part_with_a_colon_passes_buildScopeKey_and_then_fails_parseScope()
    {
        var key = Assert.IsType<ValueOutcome>(ExportScopes.BuildScopeKey(new(ServiceName: "svc:x"))).Expected!.GetValue<string>();
        Assert.Equal("svc:x:::", key);
        Assert.IsType<ErrorOutcome>(ExportScopes.Parse(key));
    }

    [Fact]
    public void A_mismatching_scope_names_the_first_part_that_differs() =>
        Assert.Contains("incorrect instance name",
            Assert.IsType<ErrorOutcome>(ExportScopes.CheckScope(new("A", "i1", "r2"), [], "A:i2:r1:m")).Error.KeyText);
}
