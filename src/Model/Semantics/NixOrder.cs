using System.Text;

namespace Conformance.Model.Semantics;

/// <summary>
/// Nix sorts attribute names by their bytes (UTF-8), which differs from .NET's ordinal (UTF-16)
/// order for characters outside the basic multilingual plane. Every <c>attrNames</c> the model
/// reproduces sorts with this comparer.
/// </summary>
internal sealed class NixOrder : IComparer<string>
{
    public static readonly NixOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return ((ReadOnlySpan<byte>)Encoding.UTF8.GetBytes(x)).SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }

    public static IReadOnlyList<string> Sort(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).OrderBy(n => n, Instance).ToList();
}
