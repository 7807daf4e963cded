using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;
using Conformance.Model.Vars;
using Conformance.Tests.Examples;

namespace Conformance.Tests.ModelSpecs;

/// <summary>The model against the whole-clan tests of clan-core it answers (<see cref="BuildClanExampleCases"/>), and what those tests leave out.</summary>
public sealed class BuildClanExampleSpecs
{
    public static TheoryData<string> Tests => new(BuildClanExampleCases.All.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Tests))]
    public void The_model_predicts_what_the_upstream_test_expects(string upstreamTest) =>
        BuildClanExampleCases.All.Single(e => e.ToString() == upstreamTest).AssertModelAgrees();

    [Fact]
    public void A_public_value_neither_in_the_directory_nor_defaulted_throws_naming_it() =>
        Assert.Contains("getPublicValue: Public value jon/g/f not found!",
            Assert.IsType<ErrorOutcome>(PublicValues.GetPublicValue("g", "jon", "f", new Dictionary<string, string>())).Error.KeyText);

    [Theory]
    [InlineData(null, "ccc", "ccc", true)]
    [InlineData("clan.lol", "ccc", "clan.lol", false)]
    [InlineData(null, null, "clan", false)]
    public void The_domain_is_the_deprecated_tld_when_only_it_is_set_and_says_so(string? domain, string? tld, string expected, bool warns)
    {
        Assert.Equal(expected, Assert.IsType<ValueOutcome>(ClanMeta.Evaluate("c", domain, tld)).Expected!["domain"]!.GetValue<string>());
        Assert.Equal(warns, ClanMeta.WarnsAboutTld(domain, tld));
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("Upper.case")]
    [InlineData("a..b")]
    public void A_domain_that_is_not_a_domain_name_fails_its_type(string domain) =>
        Assert.Equal(Model.Errors.ErrorKind.TypeMismatch, Assert.IsType<ErrorOutcome>(ClanMeta.Evaluate("c", domain)).Error.Kind);
}
