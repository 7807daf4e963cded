namespace Conformance.NixDriver.Revisions;

/// <summary>
/// Parses <c>git ls-tree -r -z</c> (<c>MODE TYPE OBJECT\tPATH</c> per NUL-terminated record) into
/// the blobs of a revision: path → object name. Submodules (type commit) are not blobs and are
/// left out, as <c>git checkout-index</c> leaves them out.
/// </summary>
internal static class TreeListing
{
    public static IReadOnlyList<(string Path, string Object)> Blobs(string output)
    {
        var blobs = new List<(string, string)>();
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = record.IndexOf('\t');
            if (tab < 0) throw new FormatException($"unexpected git ls-tree record: {record}");
            var meta = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (meta.Length == 3 && meta[1] == "blob") blobs.Add((record[(tab + 1)..], meta[2]));
        }
        return blobs;
    }

    /// <summary>Object names that <c>git cat-file --batch-check</c> reported as <c>NAME missing</c>.</summary>
    public static IReadOnlySet<string> Missing(string batchCheckOutput) =>
        batchCheckOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 2 && parts[1] == "missing")
            .Select(parts => parts[0])
            .ToHashSet(StringComparer.Ordinal);
}
