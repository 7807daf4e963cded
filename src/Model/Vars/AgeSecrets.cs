namespace Conformance.Model.Vars;

/// <summary>
/// Where the age secret store reads an encrypted var from (clan-core
/// <c>nixosModules/clanCore/vars/secret/age-source-path.nix</c>, mirrored by the CLI's writer):
/// <c>{clanDir}/secrets/clan-vars/{rel_dir}/{name}/{name}.age</c>.
/// </summary>
internal static class AgeSecrets
{
    public static string SourcePath(string clanDirectory, string relDir, string fileName) =>
        $"{clanDirectory}/secrets/clan-vars/{relDir}/{fileName}/{fileName}.age";
}
