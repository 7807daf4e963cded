using Conformance.Runner.Campaigns;
using Conformance.Runner.Hosting;

namespace Conformance.Tests.Causes;

public sealed class KnownFailuresSpecs
{
    [Fact]
    public void Lists_cause_keys_with_whole_line_comments()
    {
        var keys = KnownFailures.Parse("# the revert of #7295, reported as clan-core#7304\ncfg/nixpkgs:value->value\n\n" +
                                       "  error:Throw:Role 'peer' is not defined in #7692's service  \n");
        Assert.Equal(["cfg/nixpkgs:value->value", "error:Throw:Role 'peer' is not defined in #7692's service"], keys.Select(k => k.Text).Order());
    }

    [Fact]
    public void A_fingerprint_is_not_a_cause_key_and_the_error_says_what_to_list_instead()
    {
        var e = Assert.Throws<FormatException>(() => KnownFailures.Parse("0123456789ab\n", "known-failures.txt"));
        Assert.Contains("known-failures.txt:1: '0123456789ab' is not a cause key", e.Message);
        Assert.Contains("causes[].key", e.Message);
    }

    [Fact]
    public void A_key_of_the_earlier_form_that_named_an_error_by_where_it_showed_is_rejected_naming_the_new_form()
    {
        var e = Assert.Throws<FormatException>(() => KnownFailures.Parse("# old\nsys/nixpkgs:value->error:AttributeMissing\n", "known-failures.txt"));
        Assert.Contains("known-failures.txt:2:", e.Message);
        Assert.Contains("error:<Kind>:<the error line>", e.Message);
    }

    [Fact]
    public void The_repository_list_parses()
    {
        KnownFailures.Load(Path.Combine(Infrastructure.RepoPaths.Root, "known-failures.txt"));
    }
}
