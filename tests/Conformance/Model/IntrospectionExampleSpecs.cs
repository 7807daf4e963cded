using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>clan-core's option introspection (<c>getPrios</c>) against its own tests (<see cref="IntrospectionExampleCases"/>).</summary>
public sealed class IntrospectionExampleSpecs
{
    public static TheoryData<string> Tests => new(IntrospectionExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void Introspection_predicts_what_the_upstream_test_expects(string upstreamTest) =>
        IntrospectionExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();
}
