using System.Globalization;
using System.Text;
using Conformance.Runner.Reports;

namespace Conformance.Runner.Nightly;

/// <summary>
/// The last nights as charts a person sees in the job summary: GitHub renders Mermaid blocks in
/// Markdown, and <c>xychart-beta</c> draws bars and lines. Pure: the state's history in, Markdown out.
/// Three charts rather than one, because cases (hundreds), causes (a handful) and the evaluation rate
/// share no scale: on one y-axis the causes would be a flat line at zero.
/// </summary>
internal static class NightlyTrend
{
    /// <summary>Nights shown: two weeks fit the width of a job summary with readable labels.</summary>
    public const int Nights = 14;

    public static string Render(IReadOnlyList<NightRecord> history, int nights = Nights)
    {
        var shown = history.TakeLast(nights).ToList();
        var md = new Markdown().Heading(2, $"Trend: the last {shown.Count} night(s)");
        if (shown.Count == 0) return md.Paragraph("No night in the state file yet.").ToString();
        var labels = Labels(shown);
        md.Code(Chart("Cases checked per night", labels, "cases", ("bar", shown.Select(n => (double)n.Cases))), "mermaid")
            .Code(Chart("Causes per night (bars: all, line: new)", labels, "causes",
                ("bar", shown.Select(n => (double)n.Causes)), ("line", shown.Select(n => (double)n.NewCauses))), "mermaid")
            .Code(Chart("Machine evaluations per checking minute", labels, "evaluations/min", ("line", shown.Select(n => Math.Round(n.EvaluationsPerMinute, 1)))), "mermaid");
        return md.Table(["night", "clan-core", "seed", "cases", "causes", "new", "evaluations/min", "gate"],
            shown.Zip(labels).Select(x => (IReadOnlyList<string>)[x.Second, Markdown.InlineCode(x.First.Revision), $"{x.First.Seed}", $"{x.First.Cases}", $"{x.First.Causes}",
                $"{x.First.NewCauses}", Number(x.First.EvaluationsPerMinute), x.First.GatePassed ? "passed" : "**failed**"]),
            2, 3, 4, 5, 6).ToString();
    }

    /// <summary>Month-day of each night; a second night on the same day (a re-run) gets its time, so no two x-axis categories are equal.</summary>
    private static List<string> Labels(IReadOnlyList<NightRecord> nights)
    {
        var days = nights.GroupBy(n => n.Date.UtcDateTime.Date).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var labels = nights.Select(n => n.Date.UtcDateTime.ToString(days.Contains(n.Date.UtcDateTime.Date) ? "MM-dd HH:mm:ss" : "MM-dd", CultureInfo.InvariantCulture)).ToList();
        // Same second too (only in tests and scripted re-runs): number them.
        return labels.Select((l, i) => labels.Take(i).Contains(l) ? $"{l} #{labels.Take(i).Count(x => x == l) + 1}" : l).ToList();
    }

    /// <summary>One xychart-beta block's text (Mermaid, which GitHub draws in a job summary).</summary>
    private static string Chart(string title, IReadOnlyList<string> labels, string axis, params (string Kind, IEnumerable<double> Values)[] series)
    {
        var max = series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        var chart = new StringBuilder().AppendLine("xychart-beta");
        chart.AppendLine($"    title \"{title}\"");
        chart.AppendLine($"    x-axis [{string.Join(", ", labels.Select(l => $"\"{l}\""))}]");
        // From zero, so a drop reads as a drop; at least 1 so an all-zero series still has an axis.
        chart.AppendLine($"    y-axis \"{axis}\" 0 --> {Number(Math.Max(1, Math.Ceiling(max * 1.1)))}");
        foreach (var (kind, values) in series) chart.AppendLine($"    {kind} [{string.Join(", ", values.Select(Number))}]");
        return chart.ToString();
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
