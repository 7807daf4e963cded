using System.Text.RegularExpressions;

namespace Conformance.NixDriver.Backends;

/// <summary>A Nix version as printed by <c>nix --version</c>.</summary>
public sealed partial record NixVersion(int Major, int Minor, int Patch) : IComparable<NixVersion>
{
    /// <summary>nixpkgs' lib requires 2.18 (it uses builtins added then).</summary>
    public static readonly NixVersion Minimum = new(2, 18, 0);

    public static NixVersion? TryParse(string versionOutput)
    {
        var match = VersionPattern().Match(versionOutput);
        return match.Success
            ? new NixVersion(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value),
                match.Groups[3].Success ? int.Parse(match.Groups[3].Value) : 0)
            : null;
    }

    public int CompareTo(NixVersion? other) =>
        other is null ? 1 : (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));

    public bool IsSupported => CompareTo(Minimum) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";

    [GeneratedRegex(@"(\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionPattern();
}
