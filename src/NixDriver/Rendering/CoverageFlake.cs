namespace Conformance.NixDriver.Rendering;

/// <summary>
/// The flake the <c>coverage</c> verb evaluates: a one-machine clan whose output
/// <see cref="Attribute"/> lists clan-core's user-facing option declarations (the clan module with
/// its inventory, the clan.service class, a machine's clan.core options) and the eval tests
/// clan-core's flake exposes (Rendering/Nix/coverage.nix).
/// </summary>
public static class CoverageFlake
{
    /// <summary>The flake output holding <c>{ options = [ { loc; type; readOnly; declarations; } ]; evalTests = { listed; tests = [ { suite; test; } ]; }; }</c>.</summary>
    public const string Attribute = "conformanceCoverage";

    public static RenderedTree Render(string? lockFile)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["flake.nix"] = new NixWriter()
                .Line("# clan-conformance coverage: clan-core's option declarations and eval tests, from Nix.")
                .Open("{")
                .Block(ClanRenderer.FlakeInputs.Trim('\n').Replace("\n  ", "\n").TrimStart())
                .Line("outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } (import ./coverage.nix inputs);")
                .Close("}")
                .ToString(),
            ["coverage.nix"] = EmbeddedNix.Read("coverage.nix"),
        };
        if (lockFile is not null) files["flake.lock"] = lockFile;
        return new RenderedTree(files);
    }
}
