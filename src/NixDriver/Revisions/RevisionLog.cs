using System.Globalization;

namespace Conformance.NixDriver.Revisions;

/// <summary>
/// The <c>git log</c> format behind <see cref="RevisionInfo"/> and its parser. Fields are split by
/// the unit separator (0x1F) and records by NUL (<c>-z</c>): neither occurs in hashes, dates or
/// (in practice) subjects, so no quoting is needed.
/// </summary>
internal static class RevisionLog
{
    /// <summary>Hash, abbreviation, strict ISO 8601 author and committer dates, parents, subject.</summary>
    public const string Format = "--format=%H%x1f%h%x1f%aI%x1f%cI%x1f%P%x1f%s";

    public static IReadOnlyList<RevisionInfo> Parse(string output) =>
        output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(record => record.Trim('\n'))
            .Where(record => record.Length > 0)
            .Select(ParseOne)
            .ToList();

    private static RevisionInfo ParseOne(string record)
    {
        var f = record.Split('\x1f');
        if (f.Length < 6) throw new FormatException($"unexpected git log record: {record}");
        return new RevisionInfo(
            f[0],
            f[1],
            DateTimeOffset.Parse(f[2], CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(f[3], CultureInfo.InvariantCulture),
            string.Join('\x1f', f[5..]),
            f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
