using System.Text.Json;
using Conformance.Model.Cases;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Sinks;

/// <summary>
/// shrinks.jsonl: each triaged cause's shrink evidence (<see cref="ShrinkRecord"/>), one JSON line
/// per cause, appended as each is triaged. With results.jsonl it is everything the ledger is built
/// from, so <c>merge</c> rebuilds a sharded campaign's ledger with all three merge rules. Written
/// empty when nothing is triaged.
/// </summary>
internal sealed class ShrinksSink : ICampaignSink, IDisposable
{
    public const string FileName = "shrinks.jsonl";
    private static readonly JsonSerializerOptions Compact = new(CaseJson.Options) { WriteIndented = false, RespectRequiredConstructorParameters = false };
    private readonly StreamWriter _writer;

    public ShrinksSink(string outDirectory)
    {
        Directory.CreateDirectory(outDirectory);
        _writer = new StreamWriter(Path.Combine(outDirectory, FileName), append: false) { AutoFlush = true };
    }

    public void CauseTriaged(TriagedCause cause, FoundFailure minimal)
    {
        if (cause.Evidence is { } evidence) _writer.WriteLine(Line(ShrinkRecord.From(evidence)));
    }

    public void Dispose() => _writer.Dispose();

    public static string Line(ShrinkRecord record) => JsonSerializer.Serialize(record, Compact);

    /// <summary>Reads a shrinks.jsonl back (none when the file does not exist: a campaign recorded before shrinks.jsonl, or never triaged).</summary>
    public static IReadOnlyList<ShrinkRecord> Read(string path) => !File.Exists(path) ? [] : File.ReadLines(path).Where(l => l.Length > 0)
        .Select((line, i) => JsonSerializer.Deserialize<ShrinkRecord>(line, Compact) ?? throw new FormatException($"{path}:{i + 1}: empty line"))
        .ToList();
}
