using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Runner.Checking;
using Conformance.NixDriver.Rendering;

namespace Conformance.Runner.Corpus;

/// <summary>
/// Saves failures as <c>failures/&lt;fingerprint&gt;/</c>: case.json (minimal), original-case.json,
/// verdict.json, meta.json, repro/ (a standalone flake), report.md and replay.sh. Every file is
/// written atomically, and a failure is saved the moment it is found (before shrinking or
/// reporting), so an interrupted run loses nothing already found. A fingerprint that already has
/// a directory gains an occurrence instead of a copy (deduplication across runs).
/// </summary>
/// <param name="render">What a failure ships besides its records, rendered above this layer (storage writes reports, it does not render them).</param>
internal sealed class FailureCorpus(FailureCorpus.Render render)
{
    /// <summary>A saved failure's repro/ tree, report.md and replay.sh, for its case, meta and disagreements.</summary>
    public delegate Rendered Render(ClanCase clanCase, FailureMeta meta, IReadOnlyList<FieldRecord> records);

    public sealed record Rendered(RenderedTree Repro, string Report, string ReplayScript);

    public static string DirectoryFor(string outDirectory, string fingerprint) => Path.Combine(outDirectory, "failures", fingerprint);

    /// <summary>The fingerprints saved in an output directory so far (none when it is new).</summary>
    public static IReadOnlySet<string> Saved(string outDirectory)
    {
        var root = Path.Combine(outDirectory, "failures");
        return Directory.Exists(root) ? Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
    }

    /// <summary>Saves or updates a failure; returns its directory.</summary>
    public string Save(string outDirectory, CaseResult result, IReadOnlyList<FieldComparison> disagreements,
        string fingerprint, FailureMeta meta, ClanCase? original = null)
    {
        var dir = DirectoryFor(outDirectory, fingerprint);
        var metaPath = Path.Combine(dir, "meta.json");
        if (File.Exists(metaPath))
        {
            var existing = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(metaPath), metaPath);
            meta = meta with
            {
                FirstSeen = existing.FirstSeen,
                Occurrences = existing.Occurrences.Concat(meta.Occurrences).Distinct().ToList(),
            };
            // Keep the smaller case already saved unless this one is smaller.
            var saved = CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json")));
            if (Size(saved) <= Size(result.Case) && !meta.Shrunk)
            {
                AtomicFile.Write(metaPath, RecordJson.Serialize(meta with { Shrunk = existing.Shrunk, ShrinkSteps = existing.ShrinkSteps, MinimalMachines = existing.MinimalMachines }));
                return dir;
            }
        }
        var records = disagreements.Select(FieldRecord.From).ToList();
        var rendered = render(result.Case, meta, records);
        AtomicFile.Write(Path.Combine(dir, "case.json"), CaseJson.Serialize(result.Case) + "\n");
        AtomicFile.Write(Path.Combine(dir, "original-case.json"), CaseJson.Serialize(original ?? result.Case) + "\n");
        AtomicFile.Write(Path.Combine(dir, "verdict.json"), RecordJson.Serialize(records));
        foreach (var (path, content) in rendered.Repro.Files) AtomicFile.Write(Path.Combine(dir, "repro", path), content);
        AtomicFile.Write(Path.Combine(dir, "report.md"), rendered.Report);
        AtomicFile.Write(Path.Combine(dir, "replay.sh"), rendered.ReplayScript);
        AtomicFile.Write(metaPath, RecordJson.Serialize(meta));
        return dir;
    }

    /// <summary>Cases to replay from a path: a case.json, a failure directory, or a directory of failures (or a run's output).</summary>
    public static IReadOnlyList<(ClanCase Case, string Source)> LoadCases(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) return [(ReadCase(full), full)];
        if (!Directory.Exists(full))
            throw new Cli.UsageException($"{full} does not exist. Pass a case.json, a failures/<fingerprint> directory or a failures directory.");
        if (File.Exists(Path.Combine(full, "case.json"))) return [(ReadCase(Path.Combine(full, "case.json")), full)];
        var root = Directory.Exists(Path.Combine(full, "failures")) ? Path.Combine(full, "failures") : full;
        var cases = Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "case.json")) && !File.Exists(Path.Combine(d, "MERGED.md")))
            .Select(d => (ReadCase(Path.Combine(d, "case.json")), d))
            // A directory of case files (tests/Conformance/regressions) works too.
            .Concat(Directory.EnumerateFiles(full, "*.json").Order(StringComparer.Ordinal).Select(f => (ReadCase(f), f)))
            .ToList();
        if (cases.Count == 0)
            throw new Cli.UsageException($"{full} holds no case (no case.json, failures/*/case.json or *.json). Pass a saved failure or a case file.");
        return cases;
    }

    private static ClanCase ReadCase(string file)
    {
        try
        {
            var c = CaseJson.Deserialize(File.ReadAllText(file));
            CaseValidator.Validate(c);
            return c;
        }
        catch (CaseFormatException e)
        {
            throw new Cli.UsageException($"{file}: {e.Message}. It may be truncated; restore it from the failure's original-case.json or re-run the campaign.");
        }
        catch (InvalidCaseException e)
        {
            throw new Cli.UsageException($"{file}: {e.Message}");
        }
    }

    private static int Size(ClanCase c) => CaseJson.Structure(c).Length;
}
