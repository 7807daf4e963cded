using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conformance.NixDriver.Backends;

/// <summary>Runs <c>nix</c> from PATH on this machine, through CliWrap.</summary>
public sealed class HostNixBackend : INixBackend
{
    private readonly string _executable;
    private readonly ILogger _logger;

    internal HostNixBackend(string executable, ILogger? logger)
    {
        _executable = executable;
        _logger = logger ?? NullLogger.Instance;
    }

    public BackendKind Kind => BackendKind.Host;

    public NixVersion? Version { get; private set; }

    public string StoreIdentity => "host:" + (Environment.GetEnvironmentVariable("NIX_STORE_DIR") ?? "/nix/store");

    public string Description => $"host {_executable}, nix {Version?.ToString() ?? "?"}";

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Version is not null) return;
        var version = await ProbeAsync(_executable, cancellationToken)
            ?? throw new NixInfrastructureException(
                $"'{_executable}' is not on PATH. Install Nix >= {NixVersion.Minimum} or use the container backend (docker/build-image.sh, then --backend container).");
        if (!version.IsSupported)
            throw new NixInfrastructureException(
                $"nix {version} on PATH is older than {NixVersion.Minimum}, which nixpkgs' lib requires. Install a newer Nix (Debian trixie's nix-bin is 2.26) or use --backend container.");
        Version = version;
        _logger.LogInformation("using host nix {Version}", version);
    }

    /// <summary>The version of <paramref name="executable"/>, or null when it cannot be run.</summary>
    internal static async Task<NixVersion?> ProbeAsync(string executable, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Cli.Wrap(executable).WithArguments(["--version"])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
            return result.IsSuccess ? NixVersion.TryParse(result.StandardOutput) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public async Task<NixProcessResult> RunAsync(NixCommand command, CancellationToken cancellationToken = default)
    {
        if (Version is null) throw new InvalidOperationException("StartAsync first");
        using var timeout = new CancellationTokenSource(command.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var clock = Stopwatch.StartNew();
        try
        {
            // Forceful cancellation kills the process tree: a timed-out nix must not linger.
            var measure = command.MeasurePeakMemory && File.Exists("/usr/bin/time");
            var result = await Cli.Wrap(measure ? "/usr/bin/time" : _executable)
                .WithArguments(measure ? ["-f", NixCommand.PeakRssMarker + "%M", _executable, .. command.Arguments] : command.Arguments)
                .WithStandardInputPipe(command.StandardInputFile is null ? PipeSource.Null : PipeSource.FromFile(command.StandardInputFile))
                .WithEnvironmentVariables(command.Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .ExecuteAsync(linked.Token);
            if (result.ExitCode == 137)
                throw new NixInfrastructureException("nix was killed (exit 137): most likely out of memory. Lower --workers or the batch size.");
            var (errors, peak) = measure ? NixCommand.ExtractPeakRss(stderr.ToString()) : (stderr.ToString(), null);
            return new NixProcessResult(result.ExitCode, stdout.ToString(), errors, clock.Elapsed) { PeakRssKilobytes = peak };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NixTimeoutException(command, command.Timeout);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NixInfrastructureException($"could not start '{_executable}': {e.Message}. Is Nix still installed?", false, e);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
