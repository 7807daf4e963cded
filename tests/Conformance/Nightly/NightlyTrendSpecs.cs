using Conformance.Runner.Nightly;

namespace Conformance.Tests.Nightly;

/// <summary>The trend in the job summary (<see cref="NightlyTrend"/>): Mermaid xychart-beta blocks drawn from the state's history.</summary>
public sealed class NightlyTrendSpecs
{
    private static NightRecord Night(int day, int cases, int causes, int fresh, double rate, int hour = 3) =>
        new(new DateTimeOffset(2026, 12, day, hour, 17, 0, TimeSpan.Zero), $"rev{day}", day, cases, causes, fresh, rate, fresh == 0);

    [Fact]
    public void The_last_nights_are_three_charts_whose_series_are_the_history_in_order()
    {
        var history = Enumerable.Range(1, 20).Select(d => Night(d, 300 + d, d % 3, d % 2, 100 + d / 2.0)).ToList();
        var md = NightlyTrend.Render(history);
        Assert.Equal(3, md.Split("```mermaid\nxychart-beta").Length - 1);
        var shown = history.TakeLast(NightlyTrend.Nights).ToList();
        Assert.Contains("x-axis [" + string.Join(", ", shown.Select(n => $"\"12-{n.Date.Day:00}\"")) + "]", md);
        Assert.Contains("bar [" + string.Join(", ", shown.Select(n => n.Cases)) + "]", md);
        Assert.Contains("bar [" + string.Join(", ", shown.Select(n => n.Causes)) + "]", md);
        Assert.Contains("line [" + string.Join(", ", shown.Select(n => n.NewCauses)) + "]", md);
        Assert.Contains("line [" + string.Join(", ", shown.Select(n => n.EvaluationsPerMinute.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture))) + "]", md);
        Assert.DoesNotContain("\"12-06\"", md); // older than the last 14 nights
        Assert.Contains("| 12-20 | `rev20` |", md);
    }

    [Fact]
    public void Two_nights_on_one_day_get_distinct_labels_and_an_empty_history_says_so()
    {
        var md = NightlyTrend.Render([Night(5, 10, 0, 0, 50, hour: 3), Night(5, 10, 1, 1, 60, hour: 9)]);
        Assert.Contains("x-axis [\"12-05 03:17:00\", \"12-05 09:17:00\"]", md);
        Assert.Contains("y-axis \"causes\" 0 --> 2", md);
        Assert.Contains("No night", NightlyTrend.Render([]));
    }

    [Fact]
    public void The_state_keeps_the_last_nights_only()
    {
        var state = Enumerable.Range(1, NightlyState.HistoryLength + 5).Aggregate(new NightlyState(), (s, i) => s.Add(Night(1 + i % 28, i, 0, 0, 1)));
        Assert.Equal(NightlyState.HistoryLength, state.History.Count);
        Assert.Equal(NightlyState.HistoryLength + 5, state.History[^1].Cases);
    }
}
