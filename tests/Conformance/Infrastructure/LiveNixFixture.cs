using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Sessions;

namespace Conformance.Tests.Infrastructure;

/// <summary>
/// One Nix session (one container) shared by every live test in the <c>live-nix</c> collection.
/// Starts in <see cref="InitializeAsync"/>; when Docker, Nix or the inputs are missing it records
/// why (with the fix) and each live test skips with that reason — unless
/// <c>CLAN_CONFORMANCE_REQUIRE_LIVE=1</c>, which CI sets so that missing infrastructure fails
/// loudly instead of passing by skipping. <c>CLAN_CONFORMANCE_BACKEND</c> (auto, container or host;
/// default auto) picks the backend, so a run can insist on the host backend (scripts/test-host-backend).
/// </summary>
public sealed class LiveNixFixture : IAsyncLifetime
{
    public const string RequireLiveVariable = "CLAN_CONFORMANCE_REQUIRE_LIVE";

    public const string BackendVariable = "CLAN_CONFORMANCE_BACKEND";

    private NixSession? _session;

    public string? SkipReason { get; private set; }

    public NixSession Session => _session ?? throw new InvalidOperationException(SkipReason ?? "not initialised");

    /// <summary>Skips (or fails, under CI) the calling test when live Nix is unavailable.</summary>
    public NixSession Require()
    {
        if (SkipReason is not null)
        {
            if (Environment.GetEnvironmentVariable(RequireLiveVariable) == "1")
                throw new InvalidOperationException($"live Nix is required ({RequireLiveVariable}=1) but unavailable: {SkipReason}");
            Skip.If(true, "live Nix unavailable: " + SkipReason);
        }
        return Session;
    }

    public async Task InitializeAsync()
    {
        var backend = Environment.GetEnvironmentVariable(BackendVariable) is { Length: > 0 } name ? name : "auto";
        BackendKind? chosen = backend switch { "auto" => BackendKind.Auto, "container" => BackendKind.Container, "host" => BackendKind.Host, _ => null };
        if (chosen is not { } kind)
        {
            SkipReason = $"{BackendVariable}='{backend}' is not one of auto, container, host.";
            return;
        }
        InputsMap? inputs;
        try
        {
            inputs = InputsMap.Discover();
        }
        catch (InputsMapException e)
        {
            SkipReason = e.Message;
            return;
        }
        if (inputs is null)
        {
            SkipReason = $"no inputs map at {InputsMap.DefaultPath} (nor ${InputsMap.EnvironmentVariable}); evaluation would need the network. " +
                         "Create it: ../shared/nix-inputs/prepare MIRROR_ROOT ~/.cache/clan-conformance";
            return;
        }
        try
        {
            _session = await new NixSessionBuilder()
                .WithInputs(inputs)
                .WithBackend(kind)
                .WithReadOnlyDirectory(Path.Combine(RepoPaths.Root, "fixtures"))
                .StartAsync();
        }
        catch (Exception e) when (e is NixInfrastructureException or InputsMapException)
        {
            SkipReason = e.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            var work = _session.WorkDirectory;
            await _session.DisposeAsync();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LiveNixCollection : ICollectionFixture<LiveNixFixture>
{
    public const string Name = "live-nix";
}
