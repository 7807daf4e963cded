namespace Conformance.Runner.Scale;

/// <summary>
/// A least-squares line through (machines, counter) points: the per-machine cost (slope), the fixed
/// cost of a process (intercept) and how well a line explains the points (R²). Pure.
/// </summary>
internal sealed record GrowthFit(double Slope, double Intercept, double RSquared)
{
    public static GrowthFit Of(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2) throw new ArgumentException("a line needs two points or more", nameof(points));
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        var slope = sxx == 0 ? 0 : sxy / sxx;
        var intercept = my - slope * mx;
        var total = points.Sum(p => (p.Y - my) * (p.Y - my));
        var residual = points.Sum(p => Math.Pow(p.Y - (intercept + slope * p.X), 2));
        return new GrowthFit(slope, intercept, total == 0 ? 1 : 1 - residual / total);
    }
}
