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
    internal NixSession(INixBackend backend, NixEvaluator evaluator, InputsMap? inputs, string workDirectory, TimeSpan setupTime)
    {
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

    /// <summary>Read-write directory visible to Nix, for rendered clans.</summary>
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

    public ValueTask DisposeAsync() => Backend.DisposeAsync();
}
