using Conformance.Runner.Corpus;

namespace Conformance.Runner.Nightly;

/// <summary>
/// What the nightly remembers between nights (a small JSON file the workflow caches): the last
/// revision whose campaign passed the gate — the good end for bisecting a new cause — and the
/// last revision checked.
/// </summary>
internal sealed record NightlyState
{
    public Model.Ledger.Commit? LastPassing { get; init; }
    public Model.Ledger.Commit? LastChecked { get; init; }
    public DateTimeOffset? LastRun { get; init; }

    public static NightlyState Load(string? path)
    {
        if (path is null || !File.Exists(path)) return new NightlyState();
        try
        {
            return RecordJson.Deserialize<NightlyState>(File.ReadAllText(path), path);
        }
        catch (FormatException e)
        {
            throw new Cli.UsageException($"--state {path}: {e.Message}. Delete it to start over (the next passing night becomes the good end again).");
        }
    }

    public void Save(string path) => AtomicFile.Write(path, RecordJson.Serialize(this));
}
