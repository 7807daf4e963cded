using System.Globalization;
using System.Text;

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
        var md = new StringBuilder();
        md.AppendLine($"## Trend: the last {shown.Count} night(s)").AppendLine();
        if (shown.Count == 0) return md.AppendLine("No night in the state file yet.").ToString();
        var labels = Labels(shown);
        Chart(md, "Cases checked per night", labels, "cases", ("bar", shown.Select(n => (double)n.Cases)));
        Chart(md, "Causes per night (bars: all, line: new)", labels, "causes",
            ("bar", shown.Select(n => (double)n.Causes)), ("line", shown.Select(n => (double)n.NewCauses)));
        Chart(md, "Machine evaluations per checking minute", labels, "evaluations/min", ("line", shown.Select(n => Math.Round(n.EvaluationsPerMinute, 1))));
        md.AppendLine("| night | clan-core | seed | cases | causes | new | evaluations/min | gate |").AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (n, label) in shown.Zip(labels))
            md.AppendLine($"| {label} | `{n.Revision}` | {n.Seed} | {n.Cases} | {n.Causes} | {n.NewCauses} | {Number(n.EvaluationsPerMinute)} | {(n.GatePassed ? "passed" : "**failed**")} |");
        return md.ToString();
    }

    /// <summary>Month-day of each night; a second night on the same day (a re-run) gets its time, so no two x-axis categories are equal.</summary>
    private static List<string> Labels(IReadOnlyList<NightRecord> nights)
    {
        var days = nights.GroupBy(n => n.Date.UtcDateTime.Date).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var labels = nights.Select(n => n.Date.UtcDateTime.ToString(days.Contains(n.Date.UtcDateTime.Date) ? "MM-dd HH:mm:ss" : "MM-dd", CultureInfo.InvariantCulture)).ToList();
        // Same second too (only in tests and scripted re-runs): number them.
        return labels.Select((l, i) => labels.Take(i).Contains(l) ? $"{l} #{labels.Take(i).Count(x => x == l) + 1}" : l).ToList();
    }

    private static void Chart(StringBuilder md, string title, IReadOnlyList<string> labels, string axis, params (string Kind, IEnumerable<double> Values)[] series)
    {
        var max = series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        md.AppendLine("```mermaid").AppendLine("xychart-beta");
        md.AppendLine($"    title \"{title}\"");
        md.AppendLine($"    x-axis [{string.Join(", ", labels.Select(l => $"\"{l}\""))}]");
        // From zero, so a drop reads as a drop; at least 1 so an all-zero series still has an axis.
        md.AppendLine($"    y-axis \"{axis}\" 0 --> {Number(Math.Max(1, Math.Ceiling(max * 1.1)))}");
        foreach (var (kind, values) in series) md.AppendLine($"    {kind} [{string.Join(", ", values.Select(Number))}]");
        md.AppendLine("```").AppendLine();
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
