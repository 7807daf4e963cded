using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>clan-core's module resolution against its own resolve-module tests (<see cref="ResolveModuleExampleCases"/>).</summary>
public sealed class ResolveModuleExampleSpecs
{
    public static TheoryData<string> Tests => new(ResolveModuleExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void Module_resolution_predicts_what_the_upstream_test_expects(string upstreamTest) =>
        ResolveModuleExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();

    [Fact]
    public void An_input_without_clan_modules_is_its_own_error() =>
        Assert.Contains("doesn't export any clan services",
            Model.Services.ModuleResolution.Resolve(new Model.Cases.ModuleRef("foo", "nixpkgs"),
                new Dictionary<string, IReadOnlyDictionary<string, string>?> { ["nixpkgs"] = null }, new Dictionary<string, string>()).Error!.KeyText);
}
