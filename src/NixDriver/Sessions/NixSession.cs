using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Inputs;

namespace Conformance.NixDriver.Sessions;

/// <summary>
/// Everything needed to evaluate clans for one run: a started backend, the input overrides
/// (local trees already in the store), and an evaluator. Built by <see cref="NixSessionBuilder"/>;
/// owns the backend and disposes it.
/// </summary>
public sealed class NixSession : IAsyncDisposable
{
    private readonly bool _ownsWorkDirectory;

    private readonly InputStore _store;

    internal NixSession(INixBackend backend, NixEvaluator evaluator, InputsMap? inputs, string workDirectory, TimeSpan setupTime, bool ownsWorkDirectory, InputStore store)
    {
        _ownsWorkDirectory = ownsWorkDirectory;
        _store = store;
        Backend = backend;
        Evaluator = evaluator;
        Inputs = inputs;
        WorkDirectory = workDirectory;
        SetupTime = setupTime;
    }

    public INixBackend Backend { get; }

    public NixEvaluator Evaluator { get; }

    /// <summary>The inputs map in use, or null when the flakes' own lock files decide.</summary>
    public InputsMap? Inputs { get; }

    /// <summary>Directory for rendered clans: written by the harness, read (only) by Nix.</summary>
    public string WorkDirectory { get; }

    /// <summary>How long starting the backend and adding inputs to the store took.</summary>
    public TimeSpan SetupTime { get; }

    /// <summary>
    /// An evaluator whose <paramref name="input"/> is the local directory <paramref name="directory"/>
    /// (added to the store once, like the inputs map's trees), e.g. clan-core at another revision.
    /// With the container backend the directory must lie under a directory mounted when the session
    /// started (<see cref="NixSessionBuilder.WithReadOnlyDirectory"/>).
    /// </summary>
    public async Task<NixEvaluator> EvaluatorWithAsync(string input, string directory, CancellationToken cancellationToken = default)
    {
        var storePath = await _store.StorePathOfAsync(directory, cancellationToken);
        return Evaluator.WithOverrides(new InputOverride(input, "path:" + storePath, directory));
    }

    /// <summary>A new empty directory under the work directory (unique per call).</summary>
    public string CreateScratchDirectory(string prefix)
    {
        var path = Path.Combine(WorkDirectory, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Stops the backend (removing its container) and deletes the work directory when the session created it.</summary>
    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        if (_ownsWorkDirectory)
        {
            try { if (Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
