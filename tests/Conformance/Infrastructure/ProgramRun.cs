using Conformance.Runner;

namespace Conformance.Tests.Infrastructure;

/// <summary>
/// Runs the CLI in-process (<see cref="Program.Main"/>) with stdout and stderr captured. The process's
/// console is swapped, so specs that use it belong to <c>ConsoleCollection</c> (never in parallel).
/// </summary>
internal static class ProgramRun
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await Program.Main(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>Bad input: exactly one line, <c>error: …</c>, holding <paramref name="expected"/>, and no stack trace.</summary>
    public static void AssertOneClearLine(string stderr, string expected)
    {
        var lines = stderr.Trim().Split('\n');
        Assert.True(lines.Length == 1, "expected exactly one line, got:\n" + stderr);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
    }
}
