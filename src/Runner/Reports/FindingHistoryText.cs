using System.Text;

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
    public static void Append(StringBuilder text, Finding finding)
    {
        if (finding.ExpectedMessage is { } message)
        {
            text.AppendLine();
            text.AppendLine($"That is, the message should name `{message}`.");
        }
        if (finding.Also.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Also observed");
            foreach (var paragraph in finding.Also)
            {
                text.AppendLine();
                text.AppendLine(paragraph);
            }
        }
        if (finding.IntroducedBy is null && finding.Reverts.Count == 0 && finding.UpstreamTests.Count == 0) return;
        text.AppendLine();
        text.AppendLine("## History");
        text.AppendLine();
        if (finding.IntroducedBy is { } introduced) text.AppendLine($"Introduced by {introduced.Commit.Describe()}");
        foreach (var revert in finding.Reverts)
        {
            if (text[^1] == '\n' && text.Length > 1 && text[^2] != '\n') text.AppendLine();
            text.AppendLine($"Later revert: {revert.Describe()}");
        }
        if (finding.UpstreamTests.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("clan-core tests asserting today's behaviour:");
            text.AppendLine();
            foreach (var test in finding.UpstreamTests)
            {
                var split = test.IndexOf(": ", StringComparison.Ordinal);
                text.AppendLine($"- `{test[..split]}`: `{test[(split + 2)..]}`");
            }
        }
    }
}
