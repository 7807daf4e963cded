using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>clan-core's options-to-JSON-schema converter against its own tests (<see cref="JsonSchemaExampleCases"/>).</summary>
public sealed class JsonSchemaExampleSpecs
{
    public static TheoryData<string> Tests => new(JsonSchemaExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void The_converter_predicts_what_the_upstream_test_expects(string upstreamTest) =>
        JsonSchemaExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();
}
