namespace Conformance.WorkflowRehearsal.Running;

/// <summary>
/// The machine one job runs on (GitHub: a fresh virtual machine per job). Paths are the machine's
/// (what the job's scripts see); <see cref="HostPath"/> maps them to this machine's file system,
/// where the emulated actions read and write. Steps run as the runner's user; what needs root
/// (installing Nix) runs through <see cref="RunAsRootAsync"/>.
/// </summary>
internal interface IRunnerMachine : IAsyncDisposable
{
    /// <summary>The runner user's home (GitHub: /home/runner).</summary>
    string Home { get; }

    /// <summary>The directory of the runner's stand-in tools (gh, jq, the nix placeholders), first on PATH.</summary>
    string ToolsDirectory { get; }

    /// <summary>The host path of a machine path; throws for a path outside what the rehearsal maps (it cannot read or write it).</summary>
    string HostPath(string machinePath);

    /// <summary>The machine path of a host path under the machine's mapped directories.</summary>
    string MachinePath(string hostPath);

    /// <summary>The environment every process starts with (PATH, HOME, USER, LANG), before the workflow's.</summary>
    IReadOnlyDictionary<string, string> BaseEnvironment { get; }

    /// <summary>Runs <c>bash --noprofile --norc -eo pipefail SCRIPT</c> as the runner user; output lines go to <paramref name="log"/>.</summary>
    Task<int> RunAsync(string scriptPath, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout,
        Action<string> log, CancellationToken cancellationToken);

    /// <summary>Runs a command as root (the installer's part: /etc/nix, the daemon).</summary>
    Task<(int ExitCode, string Output)> RunAsRootAsync(string script, CancellationToken cancellationToken);

    /// <summary>Hands files the host wrote (checkout, cache, artifacts) to the runner user.</summary>
    Task OwnAsync(string machinePath, CancellationToken cancellationToken);

    /// <summary>The Nix the machine can install: version → whatever <see cref="InstallNixAsync"/> needs; empty when it has none.</summary>
    IReadOnlyCollection<string> NixVersions { get; }

    /// <summary>CPU time every process of the machine has used so far, or null where the machine cannot tell.</summary>
    Task<TimeSpan?> CpuTimeAsync(CancellationToken cancellationToken);

    /// <summary>Installs Nix <paramref name="version"/> with <paramref name="nixConf"/> as /etc/nix/nix.conf; returns the directory to put on PATH.</summary>
    Task<string> InstallNixAsync(string version, string nixConf, CancellationToken cancellationToken);
}

/// <summary>A step that ran longer than its job or step allows.</summary>
internal sealed class StepTimeoutException(TimeSpan limit) : Exception($"exceeded the maximum execution time of {limit.TotalMinutes:0.##} minutes")
{
    public TimeSpan Limit { get; } = limit;
}
