using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conformance.NixDriver.Backends;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conformance.NixDriver.Inputs;

/// <summary>
/// Adds each local input tree to the backend's Nix store once and turns the inputs map into
/// <c>--override-input NAME path:/nix/store/…-source</c> arguments.
/// <para>
/// Why: a <c>path:/some/dir</c> override makes Nix re-hash (and re-copy) the tree on every
/// evaluation — 26–69 s for nixpkgs' 440 MB here. A <c>path:</c> reference to a store path is
/// resolved from the store database instead (measured: well under a second). Adding a tree is
/// itself 5–25 s for nixpkgs, so store paths are also remembered across runs, keyed by the
/// store's identity and a fingerprint of the tree (relative paths, sizes, mtimes); a remembered
/// path is re-validated with <c>nix path-info</c> before use.
/// </para>
/// </summary>
public sealed class InputStore
{
    private readonly INixBackend _backend;
    private readonly ILogger _logger;
    private readonly string _cacheFile;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _added = new();

    public InputStore(INixBackend backend, ILogger? logger = null, string? cacheFile = null)
    {
        _backend = backend;
        _logger = logger ?? NullLogger.Instance;
        _cacheFile = cacheFile ?? Path.Combine(Path.GetDirectoryName(InputsMap.DefaultPath)!, "store-paths.json");
    }

    /// <summary>Override arguments for every input of <paramref name="map"/>, adding trees to the store as needed.</summary>
    public async Task<IReadOnlyList<InputOverride>> OverridesForAsync(InputsMap map, CancellationToken cancellationToken = default)
    {
        var result = new List<InputOverride>();
        foreach (var (input, directory) in map.Directories)
        {
            var storePath = await StorePathOfAsync(directory, cancellationToken);
            result.Add(new InputOverride(input, "path:" + storePath, directory));
        }
        return result;
    }

    /// <summary>The store path of a directory's contents, added once per run at most.</summary>
    public Task<string> StorePathOfAsync(string directory, CancellationToken cancellationToken = default) =>
        _added.GetOrAdd(Path.GetFullPath(directory), dir => new Lazy<Task<string>>(() => AddAsync(dir, cancellationToken))).Value;

    private async Task<string> AddAsync(string directory, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(directory);
        var key = $"{_backend.StoreIdentity}|{directory}|{fingerprint}";
        var cache = ReadCache();
        if (cache.TryGetValue(key, out var remembered) && await IsValidAsync(remembered, cancellationToken))
            return remembered;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await _backend.RunAsync(
            NixCommand.Create("store", "add-path", "--name", "source", directory).WithTimeout(NixDefaults.ProcessTimeout),
            cancellationToken);
        var storePath = result.Stdout.Trim().Split('\n').LastOrDefault()?.Trim();
        if (!result.Succeeded || storePath is null || !storePath.StartsWith("/nix/store/", StringComparison.Ordinal))
            throw new NixInfrastructureException($"could not add {directory} to the Nix store (exit {result.ExitCode}): {LastLines(result.Stderr)}");
        _logger.LogInformation("added {Directory} to the store as {StorePath} in {Seconds:0.0}s", directory, storePath, clock.Elapsed.TotalSeconds);

        lock (_added)
        {
            var fresh = ReadCache();
            fresh[key] = storePath;
            WriteCache(fresh);
        }
        return storePath;
    }

    private async Task<bool> IsValidAsync(string storePath, CancellationToken cancellationToken)
    {
        var result = await _backend.RunAsync(NixCommand.Create("path-info", storePath).WithTimeout(TimeSpan.FromMinutes(1)), cancellationToken);
        return result.Succeeded;
    }

    /// <summary>Cheap content fingerprint: relative path, size and mtime of every file, sorted.</summary>
    internal static string Fingerprint(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options)
            .Select(info => (Rel: Path.GetRelativePath(directory, info.FullName), info))
            .OrderBy(e => e.Rel, StringComparer.Ordinal);
        foreach (var (rel, info) in entries)
        {
            var size = info is FileInfo f ? f.Length : -1;
            hash.AppendData(Encoding.UTF8.GetBytes($"{rel}\0{size}\0{info.LastWriteTimeUtc.Ticks}\n"));
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..32];
    }

    private Dictionary<string, string> ReadCache()
    {
        try
        {
            return File.Exists(_cacheFile)
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_cacheFile)) ?? []
                : [];
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return []; // a damaged cache only costs re-adding
        }
    }

    private void WriteCache(Dictionary<string, string> cache)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_cacheFile)!);
            var temp = _cacheFile + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(cache, new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temp, _cacheFile, overwrite: true);
        }
        catch (IOException e)
        {
            _logger.LogDebug("could not write the store-path cache {File}: {Message}", _cacheFile, e.Message);
        }
    }

    private static string LastLines(string text) => string.Join(" | ", text.Trim().Split('\n').TakeLast(3));
}
