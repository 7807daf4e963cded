namespace Conformance.Runner.Hosting;

/// <summary>
/// Files of the repository the runner reads at run time: the known deviations, and the fixture's
/// flake.lock (which pins the inputs rendered clans declare). Found from the working directory or
/// the executable's location; absent when the runner runs outside a checkout.
/// </summary>
internal sealed class RepositoryFiles
{
    public RepositoryFiles(string? root = null) => Root = root ?? Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory);

    public string? Root { get; }

    public string? KnownDeviationsPath => Root is null ? null : Path.Combine(Root, "known-deviations.json");

    public string? KnownFailuresPath => Root is null ? null : Path.Combine(Root, "known-failures.txt");

    /// <summary>clan-core's eval tests, catalogued (which a model spec re-expresses): read by <c>coverage</c>.</summary>
    public string? EvalTestCataloguePath => Root is null ? null : Path.Combine(Root, "clan-core-eval-tests.json");

    public string? LockFile => Root is null ? null : ReadIfExists(Path.Combine(Root, "fixtures", "test-clan", "flake.lock"));

    private static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) return dir.FullName;
        return null;
    }
}
