using Conformance.Model.Services;
using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>clan-core's deferred-module types against its own type tests (<see cref="TypesExampleCases"/>).</summary>
public sealed class TypesExampleSpecs
{
    public static TheoryData<string> Tests => new(TypesExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void The_types_predict_what_the_upstream_test_expects(string upstreamTest) =>
        TypesExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();

    /// <summary>What upstream's test_set_twice says it cannot check: two definitions of an exclusive module warn, one does not.</summary>
    [Fact]
    public void Two_definitions_of_an_exclusive_module_warn_and_one_does_not()
    {
        ModuleDefinition D() => new("<unknown-file>", ModuleValueKind.Attrs) { Attrs = [] };
        Assert.False(ClanTypes.ExclusiveDeferredModule("exclusive", [], [D()]).Warns);
        Assert.True(ClanTypes.ExclusiveDeferredModule("exclusive", [], [D(), D()]).Warns);
    }
}
