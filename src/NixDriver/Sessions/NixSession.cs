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

    internal NixSession(INixBackend backend, NixEvaluator evaluator, InputsMap? inputs, string workDirectory, TimeSpan setupTime, bool ownsWorkDirectory)
    {
        _ownsWorkDirectory = ownsWorkDirectory;
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
