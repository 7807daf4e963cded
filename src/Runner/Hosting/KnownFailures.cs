using Conformance.Model.Causes;

namespace Conformance.Runner.Hosting;

/// <summary>
/// known-failures.txt: cause keys, one per line; a line starting with <c>#</c> is a comment that a gate tolerates. Cause keys
/// do not depend on the seed or on the shape of the cases that showed them, so an entry holds
/// night after night until the cause is fixed.
/// </summary>
internal static class KnownFailures
{
    public static IReadOnlySet<CauseKey> Parse(string text, string source = "known-failures.txt")
    {
        var keys = new HashSet<CauseKey>();
        var number = 0;
        foreach (var raw in text.Replace("\r", "").Split('\n'))
        {
            number++;
            // Whole-line comments only: an error key quotes what Nix prints, which may hold a '#'.
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            try
            {
                keys.Add(CauseKey.Parse(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{source}:{number}: {e.Message}. " +
                    "List the `key` of a cause from summary.json (causes[].key) or the cause tables of summary.md.");
            }
        }
        return keys;
    }

    public static IReadOnlySet<CauseKey> Load(string? path)
    {
        if (path is null || !File.Exists(path)) return new HashSet<CauseKey>();
        return Parse(File.ReadAllText(path), path);
    }
}
