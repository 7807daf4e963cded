using Conformance.Model.Observations;

namespace Conformance.Runner.Scale;

/// <summary>The plots of a scale run (ScottPlot 5, PNG): one counter against fleet size, one line per revision and path.</summary>
internal static class ScalePlot
{
    /// <summary>Writes <paramref name="file"/>: <paramref name="counter"/> (divided by <paramref name="divisor"/>) per fleet size.</summary>
    public static void Write(string file, IReadOnlyList<ScalePoint> points, CostCounter counter, string axis, double divisor = 1)
    {
        var name = CostFields.Name(counter);
        var plot = new ScottPlot.Plot();
        foreach (var series in points.Where(p => p.Counters.ContainsKey(name)).GroupBy(p => (p.Revision, p.Unit)).OrderBy(g => g.Key.Revision).ThenBy(g => g.Key.Unit))
        {
            var ordered = series.OrderBy(p => p.Machines).ToList();
            var scatter = plot.Add.Scatter(ordered.Select(p => (double)p.Machines).ToArray(), ordered.Select(p => p.Counters[name] / divisor).ToArray());
            scatter.LegendText = $"{series.Key.Revision} {series.Key.Unit}";
            scatter.MarkerSize = 6;
        }
        plot.Title($"{axis.Split(" (")[0]} per fleet size"); // "peak memory (MiB)" → "peak memory per fleet size"
        plot.XLabel("machines");
        plot.YLabel(axis);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(file, 800, 500);
    }
}
