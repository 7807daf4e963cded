namespace Conformance.Runner.Reports;

/// <summary>
/// The part of a report that comes from clan-core's history and the finding's triage: further
/// observations folded into it, the commit that introduced the behaviour ("Introduced by &lt;hash&gt;
/// (&lt;date&gt;, &lt;PR link on clan's forge&gt;): &lt;subject&gt;"), later reverts and the clan-core tests that
/// assert today's value. Kept apart from <see cref="FindingReport"/> so the report's layout can change
/// without touching it.
/// </summary>
internal static class FindingHistoryText
{
    public static Markdown Append(Markdown md, Finding finding)
    {
        if (finding.ExpectedMessage is { } message) md.Paragraph($"That is, the message should name `{message}`.");
        if (finding.Also.Count > 0)
        {
            md.Heading(2, "Also observed");
            foreach (var paragraph in finding.Also) md.Paragraph(paragraph);
        }
        if (finding.IntroducedBy is null && finding.Reverts.Count == 0 && finding.UpstreamTests.Count == 0) return md;
        md.Heading(2, "History");
        if (finding.IntroducedBy is { } introduced) md.Paragraph($"Introduced by {introduced.Commit.Describe()}");
        foreach (var revert in finding.Reverts) md.Paragraph($"Later revert: {revert.Describe()}");
        if (finding.UpstreamTests.Count > 0)
            md.Paragraph("clan-core tests asserting today's behaviour:")
                .Bullets(finding.UpstreamTests.Select(test =>
                {
                    var split = test.IndexOf(": ", StringComparison.Ordinal);
                    return $"`{test[..split]}`: `{test[(split + 2)..]}`";
                }));
        return md;
    }
}
