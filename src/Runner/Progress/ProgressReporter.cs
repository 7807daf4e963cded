using System.Diagnostics;
using Conformance.Runner.Checking;

namespace Conformance.Runner.Progress;

/// <summary>
/// Shows a campaign's progress on stderr: one self-updating line on a terminal; on CI (or when
/// stderr is redirected) a plain line every tenth of the run or every 30 seconds.
/// </summary>
/// <param name="interactive">Whether <paramref name="writer"/> is a terminal a line can be redrawn on (see <see cref="IsTerminal"/>).</param>
internal sealed class ProgressReporter(string label, TextWriter writer, bool interactive) : IProgress<CheckProgress>
{
    private readonly TextWriter _writer = writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = interactive;

    /// <summary>Whether <paramref name="writer"/> is the process's stderr on a terminal, outside CI.</summary>
    public static bool IsTerminal(TextWriter writer) => writer == Console.Error && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
    private readonly object _gate = new();
    private TimeSpan _lastPlain = TimeSpan.Zero;
    private int _lastDecile = -1;

    public void Report(CheckProgress p)
    {
        lock (_gate)
        {
            var minutes = Math.Max(_clock.Elapsed.TotalMinutes, 1e-6);
            var rate = p.MachineEvaluations / minutes;
            var eta = p.CasesDone == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / p.CasesDone * (p.CasesTotal - p.CasesDone));
            var line = $"{label}: {p.CasesDone}/{p.CasesTotal} cases · {p.Disagreeing} failing · {rate:0} machine-evals/min · {p.Processes} nix processes · ETA {eta:mm\\:ss}";
            if (_interactive)
            {
                _writer.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 140) : 100));
                if (p.CasesDone == p.CasesTotal) _writer.WriteLine();
                return;
            }
            var decile = p.CasesTotal == 0 ? 10 : p.CasesDone * 10 / p.CasesTotal;
            if (decile != _lastDecile || _clock.Elapsed - _lastPlain > TimeSpan.FromSeconds(30) || p.CasesDone == p.CasesTotal)
            {
                _writer.WriteLine(line);
                _lastDecile = decile;
                _lastPlain = _clock.Elapsed;
            }
        }
    }
}
