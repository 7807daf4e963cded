using System.Text.Json;

namespace Conformance.NixDriver.Inputs;

/// <summary>
/// Flake input path (as in <c>--override-input clan-core/nixpkgs …</c>) → local source directory,
/// for evaluating offline. Written by <c>../shared/nix-inputs/prepare</c>; found, in order, at
/// <c>--inputs FILE</c>, <c>$CLAN_CONFORMANCE_INPUTS</c>, <c>${XDG_CACHE_HOME:-~/.cache}/clan-conformance/inputs.json</c>.
/// </summary>
public sealed record InputsMap(string SourceFile, IReadOnlyDictionary<string, string> Directories)
{
    public const string EnvironmentVariable = "CLAN_CONFORMANCE_INPUTS";

    /// <summary>The default location, whether or not a file is there.</summary>
    public static string DefaultPath
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "clan-conformance", "inputs.json");
        }
    }

    /// <summary>
    /// Finds the map: an explicit file must exist (a typo must not silently fall back); the
    /// environment variable and the default location are used when present. Null when none is
    /// configured — then the flake's own lock file decides (needs network for github inputs).
    /// </summary>
    public static InputsMap? Discover(string? explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath)) return Load(explicitPath, "--inputs");
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return Load(fromEnvironment, "$" + EnvironmentVariable);
        return File.Exists(DefaultPath) ? Load(DefaultPath, "the default location") : null;
    }

    /// <summary>Reads and validates a map; every problem is an <see cref="InputsMapException"/> that names the fix.</summary>
    public static InputsMap Load(string path, string origin = "--inputs")
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new InputsMapException($"inputs map {full} (from {origin}) does not exist. Create it with ../shared/nix-inputs/prepare MIRROR_ROOT ~/.cache/clan-conformance, or point {origin} at an existing file.");
        Dictionary<string, string>? raw;
        try
        {
            raw = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(full));
        }
        catch (JsonException e)
        {
            throw new InputsMapException($"inputs map {full} is not a JSON object of input path → directory ({e.Message}). Regenerate it with ../shared/nix-inputs/prepare.");
        }
        if (raw is null || raw.Count == 0)
            throw new InputsMapException($"inputs map {full} is empty. Regenerate it with ../shared/nix-inputs/prepare.");

        var baseDir = Path.GetDirectoryName(full)!;
        var directories = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (input, dir) in raw)
        {
            if (string.IsNullOrWhiteSpace(input) || input.StartsWith('/') || input.EndsWith('/') || input.Contains("//"))
                throw new InputsMapException($"inputs map {full}: '{input}' is not a flake input path (expected names like nixpkgs or clan-core/nixpkgs).");
            if (string.IsNullOrWhiteSpace(dir))
                throw new InputsMapException($"inputs map {full}: input '{input}' maps to an empty path.");
            var resolved = Path.GetFullPath(dir, baseDir);
            if (!Directory.Exists(resolved))
                throw new InputsMapException($"inputs map {full}: input '{input}' points at {resolved}, which does not exist. Re-run ../shared/nix-inputs/prepare or fix the path.");
            if (!File.Exists(Path.Combine(resolved, "flake.nix")))
                throw new InputsMapException($"inputs map {full}: input '{input}' points at {resolved}, which is not a flake (no flake.nix). Point it at the input's source tree.");
            directories[input] = resolved;
        }
        return new InputsMap(full, directories);
    }

    /// <summary>The distinct directories, for mounting into a container.</summary>
    public IEnumerable<string> DistinctDirectories => Directories.Values.Distinct(StringComparer.Ordinal);

    /// <summary>Replaces or adds one input (e.g. clan-core pointed at a locally modified copy).</summary>
    public InputsMap With(string input, string directory) =>
        this with { Directories = new SortedDictionary<string, string>(Directories.ToDictionary(), StringComparer.Ordinal) { [input] = Path.GetFullPath(directory) } };
}

/// <summary>A problem with the inputs map; the message names the fix. Exit code 2 in the CLI.</summary>
public sealed class InputsMapException(string message) : Exception(message);
