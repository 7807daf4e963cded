using Conformance.Model.Causes;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// known-failures.txt: cause keys (one per line, <c>#</c> comments) that a gate tolerates. Cause keys
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
            var line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0) continue;
            if (!CauseKey.TryParse(line, out var key))
                throw new FormatException($"{source}:{number}: '{line}' is not a cause key (like cfg/nixpkgs:value->value). " +
                    "List the `key` of a cause from summary.json (causes[].key) or the Causes table of summary.md.");
            keys.Add(key!);
        }
        return keys;
    }

    public static IReadOnlySet<CauseKey> Load(string? path)
    {
        if (path is null || !File.Exists(path)) return new HashSet<CauseKey>();
        return Parse(File.ReadAllText(path), path);
    }
}
