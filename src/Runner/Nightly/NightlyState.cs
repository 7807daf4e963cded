using Conformance.Runner.Corpus;

namespace Conformance.Runner.Nightly;

/// <summary>
/// What the nightly remembers between nights (a small JSON file the workflow caches): the last
/// revision whose campaign passed the gate — the good end for bisecting a new cause — the last
/// revision checked, and one line per night for the trend (<see cref="NightlyTrend"/>).
/// </summary>
internal sealed record NightlyState
{
    /// <summary>Nights kept in <see cref="History"/>: two months of daily runs, a few kilobytes.</summary>
    public const int HistoryLength = 60;

    public Model.Ledger.Commit? LastPassing { get; init; }
    public Model.Ledger.Commit? LastChecked { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    /// <summary>The last <see cref="HistoryLength"/> nights whose campaign ran, oldest first.</summary>
    public IReadOnlyList<NightRecord> History { get; init; } = [];

    /// <summary>This state with <paramref name="night"/> appended and the oldest nights dropped beyond <see cref="HistoryLength"/>.</summary>
    public NightlyState Add(NightRecord night) => this with { History = [.. History.Append(night).TakeLast(HistoryLength)] };

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

/// <summary>One night in the state's history: what the trend chart plots.</summary>
/// <param name="Revision">The clan-core commit checked (short hash).</param>
/// <param name="EvaluationsPerMinute">Machine evaluations per checking minute (summed over shards, so comparable with an unsharded night).</param>
internal sealed record NightRecord(DateTimeOffset Date, string Revision, int Seed, int Cases, int Causes, int NewCauses,
    double EvaluationsPerMinute, bool GatePassed);
