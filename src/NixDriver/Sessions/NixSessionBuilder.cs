using System.Diagnostics;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Conformance.NixDriver.Sessions;

/// <summary>
/// Assembles a <see cref="NixSession"/>:
/// <code>
/// await using var session = await new NixSessionBuilder()
///     .WithInputs(InputsMap.Discover())
///     .WithBackend(BackendKind.Auto)
///     .WithWorkDirectory(dir)
///     .WithReadOnlyDirectory(fixtureDir)
///     .StartAsync(ct);
/// var result = await session.Evaluator.EvaluateAsync(NixEvalRequest.Attribute(fixtureDir, "nixosConfigurations"), ct);
/// </code>
/// </summary>
public sealed class NixSessionBuilder
{
    private InputsMap? _inputs;
    private BackendKind _kind = BackendKind.Auto;
    private string? _workDirectory;
    private bool _keepWorkDirectory;
    private readonly List<string> _readOnly = [];
    private readonly List<InputOverride> _overrides = [];
    private Func<ContainerNixBackendOptions, ContainerNixBackendOptions> _container = o => o;
    private ResiliencePipeline? _pipeline;
    private ILogger? _logger;

    public NixSessionBuilder WithInputs(InputsMap? inputs) { _inputs = inputs; return this; }

    public NixSessionBuilder WithBackend(BackendKind kind) { _kind = kind; return this; }

    /// <summary>Where rendered clans are written (read-write for Nix). Default: a new temp directory.</summary>
    public NixSessionBuilder WithWorkDirectory(string path) { _workDirectory = Path.GetFullPath(path); return this; }

    /// <summary>Keep the work directory when the session ends (default: a directory the session created is deleted).</summary>
    public NixSessionBuilder KeepWorkDirectory(bool keep = true) { _keepWorkDirectory = keep; return this; }

    /// <summary>Another directory Nix must read (e.g. the fixture clan).</summary>
    public NixSessionBuilder WithReadOnlyDirectory(string path) { _readOnly.Add(Path.GetFullPath(path)); return this; }

    /// <summary>An explicit <c>--override-input</c>, applied after (and winning over) the inputs map.</summary>
    public NixSessionBuilder WithOverride(InputOverride inputOverride) { _overrides.Add(inputOverride); return this; }

    public NixSessionBuilder WithContainerOptions(Func<ContainerNixBackendOptions, ContainerNixBackendOptions> configure)
    {
        var previous = _container;
        _container = o => configure(previous(o));
        return this;
    }

    public NixSessionBuilder WithResiliencePipeline(ResiliencePipeline pipeline) { _pipeline = pipeline; return this; }

    public NixSessionBuilder WithLogger(ILogger logger) { _logger = logger; return this; }

    public async Task<NixSession> StartAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var workDirectory = _workDirectory ?? Path.Combine(Path.GetTempPath(), "clan-conformance", $"session-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        var created = !Directory.Exists(workDirectory);
        Directory.CreateDirectory(workDirectory);

        // Read-only in the container too: the harness writes rendered clans from the host; Nix only reads them.
        var builder = new NixBackendBuilder().WithKind(_kind).WithContainerOptions(_container).WithReadOnlyMount(workDirectory);
        if (_logger is not null) builder.WithLogger(_logger);
        foreach (var dir in _readOnly) builder.WithReadOnlyMount(dir);
        if (_inputs is not null)
            foreach (var dir in _inputs.DistinctDirectories) builder.WithReadOnlyMount(dir);
        // Local overrides given as path:/dir must be visible in the container too.
        foreach (var o in _overrides.Where(o => o.FlakeRef.StartsWith("path:/", StringComparison.Ordinal) && !o.FlakeRef.StartsWith("path:/nix/store/", StringComparison.Ordinal)))
        {
            var dir = o.FlakeRef["path:".Length..].Split('?')[0];
            if (!Directory.Exists(dir))
                throw new InputsMapException($"--override-input {o.Input}={o.FlakeRef}: {dir} does not exist.");
            builder.WithReadOnlyMount(dir);
        }

        var backend = await builder.BuildAndStartAsync(cancellationToken);
        try
        {
            var store = new InputStore(backend, _logger);
            var overrides = _inputs is null ? [] : (await store.OverridesForAsync(_inputs, cancellationToken)).ToList();
            foreach (var explicitOverride in _overrides)
            {
                overrides.RemoveAll(o => o.Input == explicitOverride.Input);
                // A local directory given explicitly is added to the store too (never re-hashed per eval).
                overrides.Add(explicitOverride.FlakeRef.StartsWith("path:/", StringComparison.Ordinal) && !explicitOverride.FlakeRef.StartsWith("path:/nix/store/", StringComparison.Ordinal)
                    ? explicitOverride with { FlakeRef = "path:" + await store.StorePathOfAsync(explicitOverride.FlakeRef["path:".Length..].Split('?')[0], cancellationToken) }
                    : explicitOverride);
            }
            var evaluator = new NixEvaluator(backend, overrides, _pipeline ?? NixResilience.CreateEvaluationPipeline());
            return new NixSession(backend, evaluator, _inputs, workDirectory, clock.Elapsed, ownsWorkDirectory: created && !_keepWorkDirectory, store);
        }
        catch
        {
            await backend.DisposeAsync();
            if (created) try { Directory.Delete(workDirectory, recursive: true); } catch (IOException) { }
            throw;
        }
    }
}
