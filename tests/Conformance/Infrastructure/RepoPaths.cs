namespace Conformance.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name = "test-clan") => Path.Combine(Root, "fixtures", name);

    public static string Variant(string name) => Path.Combine(Root, "fixtures", "variants", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find Conformance.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>Copies a directory tree (used to lay a variant over a copy of the fixture).</summary>
    public static void CopyTree(string source, string destination)
    {
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, dir)));
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)), overwrite: true);
    }
}
