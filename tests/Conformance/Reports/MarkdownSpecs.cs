using Conformance.Runner.Reports;

namespace Conformance.Tests.Reports;

/// <summary>The one Markdown writer: blocks separated by one blank line, escaping decided once.</summary>
public sealed class MarkdownSpecs
{
    [Fact]
    public void Blocks_are_separated_by_exactly_one_blank_line()
    {
        var md = new Markdown().Heading(1, "Title").Paragraph("text\n").Bullets(["a", "b"]).ToString();
        Assert.Equal("# Title\n\ntext\n\n- a\n- b\n", md);
    }

    [Fact]
    public void A_code_block_is_fenced_longer_than_any_backtick_run_inside()
    {
        var md = new Markdown().Code("echo ```x```", "sh").ToString();
        Assert.StartsWith("````sh\n", md);
        Assert.EndsWith("\n````\n", md);
    }

    [Fact]
    public void Table_cells_stay_on_one_line_with_pipes_escaped()
    {
        var md = new Markdown().Table(["key", "cases"], [["a|b\nc", "3"]], rightAligned: 1).ToString();
        Assert.Equal("| key | cases |\n| --- | ---: |\n| a\\|b c | 3 |\n", md);
    }

    [Theory]
    [InlineData("x", "`x`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`x", "`` `x ``")]
    public void Inline_code_survives_backticks(string text, string expected) => Assert.Equal(expected, Markdown.InlineCode(text));

    [Fact]
    public void Pull_requests_link_to_clan_cores_forge_not_github()
    {
        Assert.Equal("[#7295](https://git.clan.lol/clan/clan-core/pulls/7295)", Markdown.PullRequest(7295));
        Assert.DoesNotContain("github", Markdown.Commit("2bc314d48abcdef"));
    }
}
