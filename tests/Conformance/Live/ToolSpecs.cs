using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Conformance.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// The runner packed as a .NET tool, where a clan-core developer works: <c>dotnet pack</c> of
/// src/Runner, <c>dotnet tool install --add-source</c> into a directory outside the repository, then
/// <c>clan-conformance diff</c> run inside a clone of clan-core with no harness checkout around it
/// (the tool carries its known deviations, known failures, fixture lock and image recipe; the
/// clan-core repository defaults to the clone it runs in). It must find the same causes as the
/// repository's runner on the same arguments in the same clone. #7295's parent and merge, the
/// clan cases of seed 11's first two indices, no shrinking: the cheapest diff with causes.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class ToolSpecs(LiveNixFixture live, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-tool-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [SkippableFact(Timeout = 1_800_000)]
    public async Task The_installed_tool_diffs_a_clan_core_checkout_like_the_repositorys_runner()
    {
        live.Require();
        var history = ClanCoreClone.Require();
        Assert.False(_dir.StartsWith(RepoPaths.Root, StringComparison.Ordinal), "the temporary directory must be outside the repository");

        // The test assembly's configuration (bin/<Configuration>/net10.0): pack that build, do not build another.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var packages = Path.Combine(_dir, "packages");
        await RunAsync("dotnet", ["pack", Path.Combine(RepoPaths.Root, "src", "Runner"), "--no-build", "-c", configuration, "-o", packages], RepoPaths.Root);
        var tools = Path.Combine(_dir, "tools");
        await RunAsync("dotnet", ["tool", "install", "--add-source", packages, "--tool-path", tools, "clan-conformance"], _dir);

        var clone = Path.Combine(_dir, "clan-core");
        await RunAsync("git", ["clone", "--quiet", "--no-checkout", history, clone], _dir);
        await RunAsync("git", ["-C", clone, "checkout", "--quiet", UpstreamHistory.Merge], _dir);

        string[] arguments = ["diff", "--base", UpstreamHistory.Merge + "^1", "--head", UpstreamHistory.Merge, "--generator", "clans", "--cases", "2", "--seed", "11", "--no-shrink"];
        var tool = await DiffAsync(Path.Combine(tools, "clan-conformance"), [], arguments, clone, Path.Combine(_dir, "tool-run"));
        var repository = await DiffAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "clan-conformance.dll")], arguments, clone, Path.Combine(_dir, "repository-run"));

        Assert.NotEmpty(repository);
        Assert.Equal(repository, tool);
        // A saved failure's replay.sh runs the tool that saved it, not `dotnet run` in a checkout that is not there.
        var replay = Directory.GetFiles(Path.Combine(_dir, "tool-run", "failures"), "replay.sh", SearchOption.AllDirectories).First();
        Assert.Contains($"exec \"${{CLAN_CONFORMANCE:-{Path.Combine(tools, "clan-conformance")}}}\" replay", File.ReadAllText(replay));
    }

    /// <summary>One diff run from <paramref name="workingDirectory"/>: exit 1 (differences), and its causes' keys from summary.json.</summary>
    private async Task<IReadOnlyList<string>> DiffAsync(string program, string[] prefix, string[] arguments, string workingDirectory, string outDirectory)
    {
        var started = DateTime.UtcNow;
        var result = await CliWrap.Cli.Wrap(program).WithArguments([.. prefix, .. arguments, "--out", outDirectory]).WithWorkingDirectory(workingDirectory)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        output.WriteLine($"$ {Path.GetFileName(program)} {string.Join(' ', prefix.Select(Path.GetFileName).Concat(arguments))}  ({(DateTime.UtcNow - started).TotalSeconds:0} s, exit {result.ExitCode})");
        output.WriteLine(result.StandardOutput);
        Assert.True(result.ExitCode == 1, $"{program} exited {result.ExitCode}, not 1 (differences):\n{result.StandardError}");
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDirectory, "summary.json")))!;
        return summary["causes"]!.AsArray().Select(c => c!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
    }

    private async Task RunAsync(string program, string[] arguments, string workingDirectory)
    {
        var started = DateTime.UtcNow;
        var result = await CliWrap.Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(workingDirectory)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        output.WriteLine($"$ {program} {string.Join(' ', arguments)}  ({(DateTime.UtcNow - started).TotalSeconds:0} s)");
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
    }
}
