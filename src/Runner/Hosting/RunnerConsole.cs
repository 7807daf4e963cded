namespace Conformance.Runner.Hosting;

/// <summary>
/// Where the runner writes: <see cref="Out"/> for results (replay verdicts, reports, bench
/// figures, bisect's answer), <see cref="Error"/> for progress and diagnostics. One instance per
/// host, so specs capture what a command prints instead of reading the process's console.
/// </summary>
internal sealed class RunnerConsole(TextWriter? output = null, TextWriter? error = null)
{
    public TextWriter Out { get; } = output ?? Console.Out;

    public TextWriter Error { get; } = error ?? Console.Error;

    /// <summary>One line on stderr, whole even when several tasks write at once.</summary>
    public void Say(string line)
    {
        lock (Error) Error.WriteLine(line);
    }

    /// <summary>One line on stdout.</summary>
    public void Print(string line)
    {
        lock (Out) Out.WriteLine(line);
    }
}
