namespace Conformance.NixDriver.Backends;

/// <summary>
/// A place where <c>nix</c> commands run. Built by <see cref="NixBackendBuilder"/>, started
/// explicitly, disposed once (disposing twice is safe). Implementations must be safe to call
/// from several workers at once: each call is its own process.
/// </summary>
public interface INixBackend : IAsyncDisposable
{
    BackendKind Kind { get; }

    /// <summary>For logs and reports, e.g. <c>container clan-conformance-nix:latest (3f2a…), nix 2.26.3</c>.</summary>
    string Description { get; }

    /// <summary>Nix's version, known after <see cref="StartAsync"/>.</summary>
    NixVersion? Version { get; }

    /// <summary>Identifies the Nix store this backend uses, so caches keyed by store paths stay per store.</summary>
    string StoreIdentity { get; }

    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one command. A non-zero exit is returned, not thrown: deciding whether it is an
    /// evaluation error is the evaluator's job. Throws <see cref="NixTimeoutException"/> when the
    /// command's timeout elapses (the process is killed, the backend stays usable) and
    /// <see cref="NixInfrastructureException"/> when the backend itself failed.
    /// </summary>
    Task<NixProcessResult> RunAsync(NixCommand command, CancellationToken cancellationToken = default);
}
