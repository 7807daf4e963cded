using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// <c>merge --out DIR SHARD_DIR...</c>: the file side of combining a sharded campaign — reads each
/// shard's summary.json, results.jsonl and shrinks.jsonl, lets <see cref="ShardMerge"/> rebuild the summary and
/// ledger, and writes what one campaign would have: results.jsonl, shrinks.jsonl, failures/,
/// summary.json and summary.md. No Nix runs: everything needed was recorded by the shards.
/// </summary>
internal sealed class MergeRunner(RunnerConsole console)
{
    public Task<int> RunAsync(MergeCommand command, CancellationToken cancellationToken)
    {
        var outDir = Path.GetFullPath(command.OutDirectory);
        var shards = command.Shards.Select(d => Read(Path.GetFullPath(d))).ToList();
        if (shards.FirstOrDefault(s => s.Directory == outDir) is { } same)
            throw new UsageException($"--out {command.OutDirectory} is one of the shards ({same.Directory}): give the merge its own directory.");
        var merged = ShardMerge.Merge(shards, outDir);
        cancellationToken.ThrowIfCancellationRequested();

        Directory.CreateDirectory(outDir);
        // The shards' own lines, unchanged (results.jsonl is the record the ledger is rebuilt from), shard by shard.
        AtomicFile.Write(Path.Combine(outDir, ResultsSink.FileName), string.Concat(shards.OrderBy(s => s.Summary.Shard!.K)
            .SelectMany(s => File.ReadLines(Path.Combine(s.Directory, ResultsSink.FileName)).Where(l => l.Length > 0).Select(l => l + "\n"))));
        foreach (var (fingerprint, source) in FailureSources(shards))
            CopyDirectory(source, FailureCorpus.DirectoryFor(outDir, fingerprint));
        AtomicFile.Write(Path.Combine(outDir, ShrinksSink.FileName), string.Concat(merged.Shrinks.Select(r => ShrinksSink.Line(r) + "\n")));
        new SummarySink(outDir).Completed(merged.Summary, merged.Ledger);

        ConsoleSink.Print(merged.Summary, outDir, console.Error);
        console.Say($"merged {shards.Count} shard(s): {merged.Summary.CasesConforming}/{merged.Summary.CasesRun} {(merged.Summary.IsDiff ? "identical" : "conform")}, " +
                    $"{merged.Summary.Causes.Count} cause(s), {merged.Summary.Failures.Count} distinct failure(s); {Path.Combine(outDir, "summary.md")}");
        return Task.FromResult(merged.Summary.ExitCode(outDir, console.Say));
    }

    private static ShardOutput Read(string directory)
    {
        var summaryPath = Path.Combine(directory, "summary.json");
        var resultsPath = Path.Combine(directory, ResultsSink.FileName);
        if (!Directory.Exists(directory))
            throw new UsageException($"{directory} does not exist: give the --out directories of run --shard K/N.");
        foreach (var path in new[] { summaryPath, resultsPath })
            if (!File.Exists(path))
                throw new UsageException($"{directory} has no {Path.GetFileName(path)}: give the --out directory of a finished run --shard K/N (rerun that shard if it never finished).");
        // shrinks.jsonl is optional: a shard written before it existed has none, and only same-cases merges are redone for its causes.
        return new ShardOutput(directory, RecordJson.Deserialize<CampaignSummary>(File.ReadAllText(summaryPath), summaryPath), ResultsSink.Read(resultsPath))
        {
            Shrinks = ShrinksSink.Read(Path.Combine(directory, ShrinksSink.FileName)),
        };
    }

    /// <summary>Each fingerprint's directory from one shard: a shrunk one (meta.json says so) over one saved as found, else the first shard's.</summary>
    private static Dictionary<string, string> FailureSources(IReadOnlyList<ShardOutput> shards)
    {
        var chosen = new Dictionary<string, (string Directory, bool Shrunk)>(StringComparer.Ordinal);
        foreach (var shard in shards.OrderBy(s => s.Summary.Shard!.K))
        {
            var failures = Path.Combine(shard.Directory, "failures");
            if (!Directory.Exists(failures)) continue;
            foreach (var dir in Directory.GetDirectories(failures).Order(StringComparer.Ordinal))
            {
                var meta = Path.Combine(dir, "meta.json");
                var shrunk = File.Exists(meta) && RecordJson.Deserialize<FailureMeta>(File.ReadAllText(meta), meta).Shrunk;
                var fingerprint = Path.GetFileName(dir);
                if (!chosen.TryGetValue(fingerprint, out var seen) || shrunk && !seen.Shrunk) chosen[fingerprint] = (dir, shrunk);
            }
        }
        return chosen.ToDictionary(kv => kv.Key, kv => kv.Value.Directory, StringComparer.Ordinal);
    }

    /// <summary>A copy, not a link: the merged directory stays whole when a shard's is cleaned up. A merge run again replaces what it wrote.</summary>
    private static void CopyDirectory(string source, string target)
    {
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        foreach (var dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            File.Copy(file, to, overwrite: true);
            // replay.sh and the repro's scripts stay runnable.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(to, File.GetUnixFileMode(file));
        }
    }
}
