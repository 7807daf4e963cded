using System.Diagnostics;
using Docker.DotNet;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conformance.NixDriver.Backends;

/// <summary>
/// Runs <c>nix</c> inside one long-lived container (Testcontainers), via <c>docker exec</c>:
/// starting a container per evaluation would cost seconds each. Host paths are mounted at the
/// same absolute paths, so commands need no path translation. If the container dies between
/// commands (killed, engine restarted), the next command starts a fresh one with the same mounts
/// and store volume and reports the lost command as a transient infrastructure failure.
/// </summary>
public sealed class ContainerNixBackend : INixBackend
{
    private readonly ContainerNixBackendOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private IContainer? _container;
    private bool _disposed;

    internal ContainerNixBackend(ContainerNixBackendOptions options, ILogger? logger)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    public BackendKind Kind => BackendKind.Container;

    public NixVersion? Version { get; private set; }

    public string StoreIdentity => $"docker-volume:{_options.Volume}";

    public string Description =>
        $"container {_options.Image} ({_container?.Id[..Math.Min(12, _container.Id.Length)] ?? "not started"}), nix {Version?.ToString() ?? "?"}";

    /// <summary>The container's id while it runs (for fault-injection tests and diagnostics).</summary>
    public string? ContainerId => _container?.Id;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_container is not null) return;
            DockerEngine.ConfigureTestcontainersEnvironment();
            if (!await DockerEngine.IsAvailableAsync(cancellationToken))
                throw new NixInfrastructureException(
                    "the Docker engine does not answer. Start it (dockerd --bridge=none --iptables=false --ip6tables=false &) or use --backend host with nix >= 2.18 on PATH.");
            if (!await DockerEngine.ImageExistsAsync(_options.Image, cancellationToken))
                throw new NixInfrastructureException(
                    $"the image {_options.Image} is missing. Build it: {_options.ImageRecipe} (it also makes the debian:trixie-slim base when no registry is reachable).");
            var removed = await DockerEngine.RemoveStaleContainersAsync(cancellationToken);
            if (removed > 0) _logger.LogInformation("removed {Count} container(s) left by earlier runs", removed);
            _container = await StartContainerAsync(cancellationToken);
            Version = await ReadVersionAsync(_container, cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task<IContainer> StartContainerAsync(CancellationToken cancellationToken)
    {
        var builder = new ContainerBuilder(_options.Image)
            .WithImagePullPolicy(_ => false)
            .WithName($"clan-conformance-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48])
            .WithLabel(ContainerLabels.Owner, ContainerLabels.OwnerValue)
            .WithLabel(ContainerLabels.Pid, Environment.ProcessId.ToString())
            .WithLabel(ContainerLabels.Host, Environment.MachineName)
            .WithVolumeMount(_options.Volume, "/nix")
            .WithEntrypoint("sleep")
            .WithCommand("infinity")
            .WithCleanUp(true)
            .WithLogger(_logger)
            .WithCreateParameterModifier(parameters =>
            {
                parameters.HostConfig ??= new Docker.DotNet.Models.HostConfig();
                parameters.HostConfig.NetworkMode = _options.NetworkMode;
                if (_options.MemoryLimitBytes is { } limit)
                {
                    parameters.HostConfig.Memory = limit;
                    parameters.HostConfig.MemorySwap = limit;
                }
            });
        foreach (var path in _options.ReadOnlyMounts.Distinct())
            builder = builder.WithBindMount(path, path, AccessMode.ReadOnly);
        foreach (var path in _options.ReadWriteMounts.Distinct())
            builder = builder.WithBindMount(path, path, AccessMode.ReadWrite);
        var container = builder.Build();
        try
        {
            await container.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is DockerApiException or InvalidOperationException or TimeoutException)
        {
            await container.DisposeAsync();
            throw new NixInfrastructureException($"the Nix container did not start: {e.Message}", isTransient: true, e);
        }
        _logger.LogInformation("started Nix container {Id} from {Image}", container.Id[..12], _options.Image);
        return container;
    }

    private async Task<NixVersion> ReadVersionAsync(IContainer container, CancellationToken cancellationToken)
    {
        var result = await container.ExecAsync(["nix", "--version"], cancellationToken);
        var version = NixVersion.TryParse(result.Stdout)
            ?? throw new NixInfrastructureException($"nix in the container did not report a version (exit {result.ExitCode}): {result.Stderr.Trim()}. Rebuild the image: {_options.ImageRecipe} --force");
        if (!version.IsSupported)
            throw new NixInfrastructureException($"nix {version} in the container is older than {NixVersion.Minimum}. Rebuild the image from Debian trixie: {_options.ImageRecipe} --force");
        return version;
    }

    public async Task<NixProcessResult> RunAsync(NixCommand command, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var container = _container ?? throw new InvalidOperationException("StartAsync first");
        // `timeout` runs inside the container, so a runaway nix is killed there and the container
        // stays healthy; -k sends KILL if TERM is ignored (nix may be in a GC pause).
        // coreutils' timeout takes fractions; 0 would mean "no timeout", hence the floor.
        var seconds = Math.Max(0.1, command.Timeout.TotalSeconds).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var argv = new List<string> { "env" };
        argv.AddRange(command.Environment.Select(kv => $"{kv.Key}={kv.Value}"));
        argv.AddRange(["timeout", "-k", "5", seconds]);
        if (command.MeasurePeakMemory) argv.AddRange(["/usr/bin/time", "-f", NixCommand.PeakRssMarker + "%M"]);
        // docker exec cannot feed stdin here; a shell redirects from the (mounted) input file.
        if (command.StandardInputFile is not null) argv.AddRange(["sh", "-c", "exec nix \"$@\" < \"$0\"", command.StandardInputFile]);
        else argv.Add("nix");
        argv.AddRange(command.Arguments);

        var clock = Stopwatch.StartNew();
        ExecResult result;
        try
        {
            // The host-side token is a backstop only: cancelling a docker exec does not kill the process inside.
            using var backstop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            backstop.CancelAfter(command.Timeout + TimeSpan.FromSeconds(30));
            result = await container.ExecAsync(argv, backstop.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NixTimeoutException(command, command.Timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw await ContainerLostAsync(container, e, cancellationToken);
        }

        var exit = (int)(result.ExitCode ?? -1);
        // 124: timeout sent TERM and nix exited; 137 after the deadline: KILL from `timeout -k`.
        if (exit == 124 || (exit == 137 && clock.Elapsed >= command.Timeout))
            throw new NixTimeoutException(command, command.Timeout);
        if (exit == 137)
        {
            // A killed container and an OOM-killed process both end the exec with 137; the
            // container's state tells them apart, but `docker kill` takes a moment to show.
            for (var i = 0; i < 6; i++)
            {
                if (!await DockerEngine.IsRunningAsync(container.Id, cancellationToken))
                    throw await ContainerLostAsync(container, null, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
            throw new NixInfrastructureException(
                "nix was killed (exit 137) before its timeout: most likely out of memory. Lower --workers or the batch size, or raise the container's memory limit.");
        }
        if (exit < 0 && !await DockerEngine.IsRunningAsync(container.Id, cancellationToken))
            throw await ContainerLostAsync(container, null, cancellationToken);
        var (stderr, peak) = command.MeasurePeakMemory ? NixCommand.ExtractPeakRss(result.Stderr) : (result.Stderr, null);
        return new NixProcessResult(exit, result.Stdout, stderr, clock.Elapsed) { PeakRssKilobytes = peak };
    }

    /// <summary>
    /// The container went away under a command. Start a replacement (same mounts, same store) so
    /// the caller's retry can succeed, and report the lost command as transient.
    /// </summary>
    private async Task<NixInfrastructureException> ContainerLostAsync(IContainer lost, Exception? cause, CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_disposed) return new NixInfrastructureException("the backend was disposed while a command ran", false, cause);
            if (ReferenceEquals(_container, lost))
            {
                _logger.LogWarning("the Nix container {Id} is gone ({Cause}); starting a new one", lost.Id[..12], cause?.Message ?? "not running");
                try { await lost.DisposeAsync(); } catch (Exception) { /* already gone */ }
                _container = null;
                if (!await DockerEngine.IsAvailableAsync(cancellationToken))
                    return new NixInfrastructureException("the Docker engine stopped answering during the run. Restart it and run again; results found so far are saved.", false, cause);
                _container = await StartContainerAsync(cancellationToken);
            }
            return new NixInfrastructureException(
                $"the Nix container stopped during a command ({cause?.Message ?? "container not running"}); a new container was started", isTransient: true, cause);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (_container is not null)
            {
                var id = _container.Id;
                try { await _container.DisposeAsync(); }
                catch (Exception e) { _logger.LogWarning("could not stop the Nix container: {Message}", e.Message); }
                // Without Ryuk, Testcontainers' dispose stops the container but does not always
                // remove it; remove it explicitly so a run leaves nothing behind.
                try { await DockerEngine.RemoveContainerAsync(id, CancellationToken.None); }
                catch (Exception e) { _logger.LogWarning("could not remove the Nix container {Id}: {Message}", id, e.Message); }
                _container = null;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }
}
