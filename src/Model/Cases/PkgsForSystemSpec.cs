namespace Conformance.Model.Cases;

/// <summary>Which of clan's two ways of supplying a package set per system the case uses.</summary>
public enum PkgsForSystemMode
{
    /// <summary>Neither: clan's default reads <c>perSystem.clan.pkgs</c>, which defaults to null.</summary>
    Unset,

    /// <summary><c>perSystem.clan.pkgs = trace … (custom or null)</c> (flake-parts route).</summary>
    PerSystem,

    /// <summary><c>clan.pkgsForSystem = system: trace … (custom or null)</c>.</summary>
    ClanOption,
}

/// <summary>
/// The case's package-set customisation. For systems in <see cref="CustomSystems"/> the function
/// returns <c>import nixpkgs { system; overlays = [ marker "pfs:&lt;system&gt;" ]; config.conformance.source = "pkgsForSystem:&lt;system&gt;"; }</c>,
/// otherwise null (clan falls back to <c>nixpkgs.legacyPackages</c>). Traced in both set modes,
/// so calls per system are counted from stderr.
/// </summary>
public sealed record PkgsForSystemSpec(PkgsForSystemMode Mode)
{
    public static readonly PkgsForSystemSpec Unset = new(PkgsForSystemMode.Unset);

    public IReadOnlyList<string> CustomSystems { get; init; } = [];

    public static string MarkerFor(string system) => "pfs:" + system;

    public static string ConfigSourceFor(string system) => "pkgsForSystem:" + system;
}
