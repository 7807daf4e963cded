namespace Conformance.Runner.Hosting;

/// <summary>
/// Files of the repository the runner reads at run time: the known deviations, the known
/// failures, the fixture's flake.lock (which pins the inputs rendered clans declare) and the Nix
/// image's recipe. A packed tool (<c>dotnet pack src/Runner</c>) carries copies of them in
/// <see cref="ToolData"/> next to its executable, and reads those: they belong to the model compiled
/// into it, whatever checkout it is run from. Otherwise they are read from the checkout found from
/// the working directory or the executable's location; absent when there is neither.
/// </summary>
internal sealed class RepositoryFiles
{
    /// <summary>The directory of a packed tool's data, next to its executable (Conformance.Runner.csproj puts the files there on publish only, so a build never has it).</summary>
    public const string ToolData = "data";

    public RepositoryFiles(string? root = null)
    {
        if (root is not null)
        {
            Root = Data = root;
            return;
        }
        var packed = Path.Combine(AppContext.BaseDirectory, ToolData);
        if (File.Exists(Path.Combine(packed, "known-deviations.json")))
        {
            Data = packed;
            IsPackedTool = true;
        }
        Root = Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory);
        Data ??= Root;
    }

    /// <summary>The harness checkout around the working directory or the executable; null outside one.</summary>
    public string? Root { get; }

    /// <summary>Where the files are read: the packed tool's <see cref="ToolData"/>, else <see cref="Root"/>; null when neither exists.</summary>
    public string? Data { get; }

    /// <summary>Whether this runner is the packed .NET tool, reading the data it carries.</summary>
    public bool IsPackedTool { get; }

    public string? KnownDeviationsPath => Data is null ? null : Path.Combine(Data, "known-deviations.json");

    public string? KnownFailuresPath => Data is null ? null : Path.Combine(Data, "known-failures.txt");

    public string? LockFile => Data is null ? null : ReadIfExists(Path.Combine(Data, "fixtures", "test-clan", "flake.lock"));

    /// <summary>The command that builds the Nix image, as errors name it: the checkout's script, or the copy the tool carries (NuGet keeps no executable bit, hence <c>bash</c>).</summary>
    public string ImageRecipe => IsPackedTool ? $"bash {Path.Combine(Data!, "docker", "build-image.sh")}" : "docker/build-image.sh";

    /// <summary>clan-core's eval tests, catalogued (which a model spec re-expresses): read by <c>coverage</c>.</summary>
    public string? EvalTestCataloguePath => Data is null ? null : Path.Combine(Data, "clan-core-eval-tests.json");

    private static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) return dir.FullName;
        return null;
    }
}
