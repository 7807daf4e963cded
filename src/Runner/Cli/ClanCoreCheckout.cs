namespace Conformance.Runner.Cli;

/// <summary>
/// The clan-core checkout a command is run from: what <c>--clan-core-repo</c> defaults to for the
/// verbs that take revisions (diff, bisect, scale with --base/--head), so that a clan-core
/// developer runs <c>clan-conformance diff --base main --head HEAD</c> in their clone, the shape of
/// a pre-merge check.
/// </summary>
internal static class ClanCoreCheckout
{
    /// <summary>
    /// The root of the git work tree around <paramref name="start"/> when it is clan-core's, else
    /// null. The nearest repository root decides (a clan inside some other repository is not
    /// clan-core's); clan-core is recognised by the directories its flake is made of
    /// (<c>clanServices</c>, <c>flakeModules</c>, <c>lib</c>), present through its 2025–2026 history.
    /// </summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (!Directory.Exists(git) && !File.Exists(git)) continue; // a .git file: a worktree or submodule
            return IsClanCore(dir.FullName) ? dir.FullName : null;
        }
        return null;
    }

    private static bool IsClanCore(string root) =>
        File.Exists(Path.Combine(root, "flake.nix"))
        && new[] { "clanServices", "flakeModules", "lib" }.All(d => Directory.Exists(Path.Combine(root, d)));
}
