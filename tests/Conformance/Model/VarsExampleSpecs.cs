using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// The vars model against clan-core's own vars eval tests (<see cref="VarsExampleCases"/>): for each
/// re-expressed upstream test, the model's prediction is the upstream test's expectation.
/// </summary>
public sealed class VarsExampleSpecs
{
    public static TheoryData<string> Tests => new(VarsExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void The_vars_model_predicts_what_the_upstream_test_expects(string upstreamTest) =>
        VarsExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();

    [Fact]
    public void All_46_upstream_vars_tests_are_re_expressed_once() =>
        Assert.Equal(46, VarsExampleCases.All.Select(e => e.ToString()).Distinct().Count());
}
