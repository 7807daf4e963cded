using System.Diagnostics;
using CliWrap;

namespace Conformance.WorkflowRehearsal.Running;

/// <summary>
/// A job's machine as a directory of this machine, steps run by this machine's bash with an
/// environment of their own (<c>env -i</c>): fast, no Docker, and what the offline specs use with
/// stand-in commands on PATH (a stand-in <c>dotnet</c>, <c>nix</c>). Its home is
/// <c>ROOT/home/runner</c>, so a workflow that hard-codes GitHub's <c>/home/runner</c> instead of
/// <c>~</c>, <c>$HOME</c> or <c>runner.temp</c> fails here. Jobs on it run one at a time.
/// </summary>
internal sealed class LocalMachine : IRunnerMachine
{
    private readonly string _root;
    private readonly string? _standIns;
    private readonly IReadOnlyDictionary<string, string> _nix;
    private readonly string _git;

    /// <param name="standIns">A directory of stand-in commands, on PATH after the tools and before the system's.</param>
    /// <param name="nix">Nix version → directory holding a <c>nix</c> for it.</param>
    public LocalMachine(string root, string? standIns, IReadOnlyDictionary<string, string> nix, Func<string, string, string> writeTools)
    {
        _root = Directory.CreateDirectory(root).FullName;
        _standIns = standIns;
        _nix = nix;
        Home = Directory.CreateDirectory(Path.Combine(_root, "home", "runner")).FullName;
        var tools = Directory.CreateDirectory(Path.Combine(_root, "tools")).FullName;
        _git = writeTools(tools, Path.Combine(_root, "gh"));
        ToolsDirectory = Path.Combine(tools, "bin");
    }

    public string Home { get; }
    public string ToolsDirectory { get; }
    public IReadOnlyCollection<string> NixVersions => _nix.Keys.ToList();

    public IReadOnlyDictionary<string, string> BaseEnvironment => new Dictionary<string, string>
    {
        ["PATH"] = string.Join(':', new[] { ToolsDirectory, _standIns, MachineTools.StandardPath }.Where(p => p is not null)),
        ["HOME"] = Home,
        ["USER"] = "runner",
        ["LANG"] = "C.UTF-8",
        ["GIT_CONFIG_SYSTEM"] = _git,
    };

    public string HostPath(string machinePath) => machinePath.StartsWith(_root, StringComparison.Ordinal)
        ? machinePath
        : throw new RehearsalException($"{machinePath} is outside the rehearsal's machine ({_root}): a workflow path must be under the runner's home, the workspace or runner.temp");

    public string MachinePath(string hostPath) => hostPath;

    public async Task<int> RunAsync(string scriptPath, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout,
        Action<string> log, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        // setsid: the step is a process group of its own, so a timeout kills everything it started.
        var command = Cli.Wrap("setsid").WithArguments(["env", "-i", .. environment.Select(kv => $"{kv.Key}={kv.Value}"), "bash", "--noprofile", "--norc", "-eo", "pipefail", scriptPath])
            .WithWorkingDirectory(workingDirectory)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(log)).WithStandardErrorPipe(PipeTarget.ToDelegate(log))
            .WithValidation(CommandResultValidation.None);
        var task = command.ExecuteAsync(linked.Token);
        try
        {
            return (await task).ExitCode;
        }
        catch (OperationCanceledException)
        {
            try { Process.Start("kill", ["-KILL", $"-{task.ProcessId}"])?.WaitForExit(); } catch (System.ComponentModel.Win32Exception) { }
            if (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested) throw new StepTimeoutException(timeout);
            throw;
        }
    }

    public async Task<(int ExitCode, string Output)> RunAsRootAsync(string script, CancellationToken cancellationToken)
    {
        var result = await Cli.Wrap("bash").WithArguments(["-c", script]).WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancellationToken);
        return (result.ExitCode, "");
    }

    public Task OwnAsync(string machinePath, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> InstallNixAsync(string version, string nixConf, CancellationToken cancellationToken)
    {
        var etc = Directory.CreateDirectory(Path.Combine(_root, "etc", "nix")).FullName;
        File.WriteAllText(Path.Combine(etc, "nix.conf"), nixConf);
        return Task.FromResult(_nix[version]);
    }

    /// <summary>The steps run among this host's other processes: no account of their own.</summary>
    public Task<TimeSpan?> CpuTimeAsync(CancellationToken cancellationToken) => Task.FromResult<TimeSpan?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
