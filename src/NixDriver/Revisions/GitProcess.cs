using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace Conformance.NixDriver.Revisions;

/// <summary>
/// Builds <c>git</c> commands as CliWrap values (pure) and runs them (the only place here that
/// starts a process). Every command runs with validation off: exit codes are data, and a failure
/// becomes a <see cref="RevisionException"/> that quotes the command and git's own message.
/// </summary>
internal static class GitProcess
{
    internal const string Executable = "git";

    /// <summary>
    /// <c>git --git-dir=DIR ARGS…</c>. The environment keeps git from prompting for credentials
    /// (we never touch the network, and a prompt would hang a run), from taking optional locks in
    /// a repository we only read (<c>GIT_OPTIONAL_LOCKS=0</c>: status-like refreshes of a clone's
    /// index), and makes its messages English so the ones we quote and match are stable.
    /// </summary>
    public static Command Create(string? gitDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string?>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_OPTIONAL_LOCKS"] = "0",
            ["LC_ALL"] = "C",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) variables[name] = value;
        IEnumerable<string> all = gitDirectory is null ? arguments : ["--git-dir=" + gitDirectory, .. arguments];
        return Cli.Wrap(Executable)
            .WithArguments(all)
            .WithEnvironmentVariables(variables)
            .WithValidation(CommandResultValidation.None);
    }

    /// <summary>Runs <paramref name="command"/>, feeding <paramref name="standardInput"/> when given.</summary>
    public static async Task<BufferedCommandResult> RunAsync(Command command, string? standardInput, CancellationToken cancellationToken)
    {
        if (standardInput is not null) command = command.WithStandardInputPipe(PipeSource.FromString(standardInput));
        try
        {
            return await command.ExecuteBufferedAsync(cancellationToken);
        }
        catch (Win32Exception e)
        {
            throw new RevisionException($"could not run '{Executable}' ({e.Message}). Install git (Debian: apt-get install git) and make sure it is on PATH.", inner: e);
        }
    }

    /// <summary>Runs and returns standard output; a non-zero exit becomes a <see cref="RevisionException"/> (<paramref name="what"/> says what we were doing).</summary>
    public static async Task<string> OutputAsync(Command command, string what, string? standardInput, CancellationToken cancellationToken, string? repository = null, string? revision = null)
    {
        var result = await RunAsync(command, standardInput, cancellationToken);
        if (result.ExitCode != 0)
            throw new RevisionException($"{what} failed: {Describe(command)} exited with {result.ExitCode}: {FirstLine(result.StandardError)}", repository, revision);
        return result.StandardOutput;
    }

    /// <summary>The command line as a person would type it (arguments are plain here, quoting is cosmetic).</summary>
    public static string Describe(Command command) => command.TargetFilePath + " " + command.Arguments;

    /// <summary>The first non-empty line of git's stderr (the <c>fatal: …</c> line), or a placeholder.</summary>
    public static string FirstLine(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";
}
