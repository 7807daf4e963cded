using System.Text.Json;
using Conformance.Model.Cases;
using Conformance.Model.Ledger;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Sinks;

/// <summary>
/// results.jsonl: every checked case, one JSON line each — the case and the disagreements that
/// counted — appended as results arrive, so a campaign's ledger can be rebuilt without Nix (shards
/// merged, grouping rules re-run, a recorded observation set turned into a test).
/// </summary>
internal sealed class ResultsSink : ICampaignSink, IDisposable
{
    public const string FileName = "results.jsonl";
    private readonly StreamWriter _writer;
    /// <summary>The case's own JSON form, one line, and records whose null members are left out (so read without requiring them).</summary>
    private static readonly JsonSerializerOptions Compact = new(CaseJson.Options) { WriteIndented = false, RespectRequiredConstructorParameters = false };

    public ResultsSink(string outDirectory)
    {
        Directory.CreateDirectory(outDirectory);
        _writer = new StreamWriter(Path.Combine(outDirectory, FileName), append: false) { AutoFlush = true };
    }

    public void CaseChecked(CaseResult result, CheckedCase checkedCase) =>
        _writer.WriteLine(JsonSerializer.Serialize(new ResultRecord(result.Case, checkedCase.Failing.Select(FieldRecord.From).ToList()), Compact));

    public void Dispose() => _writer.Dispose();

    /// <summary>Reads a results.jsonl back.</summary>
    public static IReadOnlyList<ResultRecord> Read(string path) => File.ReadLines(path).Where(l => l.Length > 0)
        .Select((line, i) => JsonSerializer.Deserialize<ResultRecord>(line, Compact) ?? throw new FormatException($"{path}:{i + 1}: empty line"))
        .ToList();
}
