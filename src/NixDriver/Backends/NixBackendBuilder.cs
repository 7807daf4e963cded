using Microsoft.Extensions.Logging;

namespace Conformance.NixDriver.Backends;

/// <summary>
/// Builds an <see cref="INixBackend"/> (Testcontainers style: builder → options → resource).
/// <code>
/// await using var backend = await new NixBackendBuilder()
///     .WithKind(BackendKind.Auto)
///     .WithReadOnlyMount(inputsDir)
///     .BuildAndStartAsync(ct);
/// </code>
/// </summary>
public sealed class NixBackendBuilder
{
    private BackendKind _kind = BackendKind.Auto;
    private ContainerNixBackendOptions _container = new();
    // The host backend runs the `nix` on PATH (CI installs the version it pins there).
    private const string _hostExecutable = "nix";
    private ILogger? _logger;

    public NixBackendBuilder WithKind(BackendKind kind) { _kind = kind; return this; }

    public NixBackendBuilder WithContainerOptions(Func<ContainerNixBackendOptions, ContainerNixBackendOptions> configure)
    {
        _container = configure(_container);
        return this;
    }

    public NixBackendBuilder WithReadOnlyMount(string hostPath) =>
        WithContainerOptions(o => o with { ReadOnlyMounts = [.. o.ReadOnlyMounts, Path.GetFullPath(hostPath)] });

    public NixBackendBuilder WithLogger(ILogger logger) { _logger = logger; return this; }

    /// <summary>Resolves <see cref="BackendKind.Auto"/> and validates; does not start anything.</summary>
    public async Task<INixBackend> BuildAsync(CancellationToken cancellationToken = default)
    {
        foreach (var path in _container.ReadOnlyMounts.Concat(_container.ReadWriteMounts))
            if (!Directory.Exists(path))
                throw new NixInfrastructureException($"cannot mount {path}: the directory does not exist.");

        return _kind switch
        {
            BackendKind.Container => new ContainerNixBackend(_container, _logger),
            BackendKind.Host => new HostNixBackend(_hostExecutable, _logger),
            _ => await ResolveAutoAsync(cancellationToken),
        };
    }

    public async Task<INixBackend> BuildAndStartAsync(CancellationToken cancellationToken = default)
    {
        var backend = await BuildAsync(cancellationToken);
        try
        {
            await backend.StartAsync(cancellationToken);
            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    private async Task<INixBackend> ResolveAutoAsync(CancellationToken cancellationToken)
    {
        DockerEngine.ConfigureTestcontainersEnvironment();
        if (await DockerEngine.IsAvailableAsync(cancellationToken))
        {
            if (await DockerEngine.ImageExistsAsync(_container.Image, cancellationToken))
                return new ContainerNixBackend(_container, _logger);
            if (await HostNixBackend.ProbeAsync(_hostExecutable, cancellationToken) is { IsSupported: true })
                return new HostNixBackend(_hostExecutable, _logger);
            throw new NixInfrastructureException(
                $"Docker answers but the image {_container.Image} is missing, and there is no nix >= {NixVersion.Minimum} on PATH. Build the image: {_container.ImageRecipe}");
        }
        if (await HostNixBackend.ProbeAsync(_hostExecutable, cancellationToken) is { IsSupported: true })
            return new HostNixBackend(_hostExecutable, _logger);
        throw new NixInfrastructureException(
            $"no way to run Nix: the Docker engine does not answer and there is no nix >= {NixVersion.Minimum} on PATH. " +
            $"Either start Docker (dockerd --bridge=none --iptables=false --ip6tables=false &) and build the image ({_container.ImageRecipe}), or install Nix >= 2.18.");
    }
}
