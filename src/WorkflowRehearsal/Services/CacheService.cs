using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Conformance.WorkflowRehearsal.Services;

/// <summary>
/// GitHub's Actions cache as actions/cache v4 sees it, on disk and across the rehearsal's nights.
/// An entry is (key, version, creation time, files). Rules, each from actions/cache v4.2.4
/// (dist/save-only/index.js unless said otherwise):
/// <list type="bullet">
/// <item>a key is at most 512 characters and holds no comma; at most 10 keys per restore (checkKey 73–80, restoreCache 143);</item>
/// <item>the version is a hash of the <c>path</c> input lines as written, the compression method and a salt
/// (getCacheVersion 1586–1600): a restore with other path lines finds no entry saved with these;</item>
/// <item>restore: the primary key exactly, else each restore key in order as a prefix, the newest matching entry
/// first (README "Cache matching"; restoreImpl.ts 45–51); <c>cache-hit</c> is "true" only for an exact match
/// (restoreImpl.ts 74–79); a miss with fail-on-cache-miss fails the step (restoreImpl.ts 57–61);</item>
/// <item>keys are immutable: saving a key that exists fails with "Unable to reserve cache with key …" (saveCache
/// 373), which the save action logs as a warning and does not fail on (saveImpl.ts 75–77, saveOnlyRun 84–88);</item>
/// <item>paths are resolved like @actions/glob without implicit descendants (resolvePaths 1480–1516); none found:
/// "Path Validation Error", again a warning (saveCache 343).</item>
/// </list>
/// Branch scopes are not emulated: every night runs on the default branch, whose caches every run sees.
/// </summary>
internal sealed class CacheService(string root)
{
    /// <summary>zstd is on GitHub's runners; the method is part of the version (getCompressionMethod).</summary>
    private const string Compression = "zstd-without-long";
    private const string VersionSalt = "1.0";

    /// <param name="Run">The run and job that saved it: within a run, a job sees only the entries its (transitive) needs saved.</param>
    private sealed record Entry(string Key, string Version, DateTimeOffset Created, List<string> Paths, string Directory, int Run = 0, string Job = "");

    /// <summary>Which entries a restore may see: those of earlier runs, and of this run those the given jobs saved.</summary>
    public sealed record Visibility(int Run, IReadOnlySet<string> Jobs);

    public static string Version(IEnumerable<string> pathLines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', pathLines.Append(Compression).Append(VersionSalt)))));

    public static void CheckKeys(IReadOnlyList<string> keys)
    {
        if (keys.Count > 10) throw new CacheException("Key Validation Error: Keys are limited to a maximum of 10.");
        foreach (var key in keys)
        {
            if (key.Length > 512) throw new CacheException($"Key Validation Error: {key} cannot be larger than 512 characters.");
            if (key.Contains(',')) throw new CacheException($"Key Validation Error: {key} cannot contain commas.");
        }
    }

    /// <summary>The entry a restore finds: the exact key, else the newest entry whose key starts with a restore key, in order.</summary>
    public (string Key, IReadOnlyList<string> Paths, string Directory)? Find(string primaryKey, IReadOnlyList<string> restoreKeys, string version, Visibility? visibility = null)
    {
        var entries = Entries().Where(e => e.Version == version && (visibility is null || e.Run != visibility.Run || visibility.Jobs.Contains(e.Job))).ToList();
        // Keys compare ignoring case but not accents (isExactKeyMatch, restore-only/index.js: localeCompare sensitivity "accent").
        var exact = entries.Where(e => string.Equals(e.Key, primaryKey, StringComparison.OrdinalIgnoreCase)).OrderByDescending(e => e.Created).FirstOrDefault();
        if (exact is not null) return (exact.Key, exact.Paths, exact.Directory);
        foreach (var prefix in restoreKeys)
        {
            var hit = entries.Where(e => e.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderByDescending(e => e.Created).FirstOrDefault();
            if (hit is not null) return (hit.Key, hit.Paths, hit.Directory);
        }
        return null;
    }

    public bool Exists(string key, string version) => Entries().Any(e => e.Version == version && string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new entry: the directory its files go into (the caller copies them), committed by <see cref="Commit"/>.</summary>
    public string Reserve(string key, string version)
    {
        if (Exists(key, version))
            throw new CacheException($"Unable to reserve cache with key {key}, another job may be creating this cache.");
        var dir = Path.Combine(root, $"{DateTimeOffset.UtcNow:yyyyMMddHHmmssfffffff}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Path.Combine(dir, "files"));
        return dir;
    }

    public void Commit(string directory, string key, string version, IReadOnlyList<string> paths, int run, string job) =>
        File.WriteAllText(Path.Combine(directory, "entry.json"), JsonSerializer.Serialize(new Entry(key, version, DateTimeOffset.UtcNow, [.. paths], directory, run, job)));

    /// <summary>Every committed entry (a save that failed half-way left no entry.json and does not count).</summary>
    public IReadOnlyList<(string Key, DateTimeOffset Created)> List() => Entries().Select(e => (e.Key, e.Created)).ToList();

    private IEnumerable<Entry> Entries() =>
        !Directory.Exists(root) ? []
        : Directory.EnumerateDirectories(root).Select(d => Path.Combine(d, "entry.json")).Where(File.Exists)
            .Select(f => JsonSerializer.Deserialize<Entry>(File.ReadAllText(f))! with { Directory = Path.GetDirectoryName(f)! });
}

/// <summary>What actions/cache reports as a failure (validation, a key that exists).</summary>
internal sealed class CacheException(string message) : Exception(message);
