using CliWrap;
using CliWrap.Buffered;
using Conformance.NixDriver.Backends;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;
using Conformance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Conformance.Tests.Reliability;

/// <summary>Concurrency and cleanup: runs do not clobber each other and leave nothing behind.</summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class HygieneSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static string RunnerDll => Path.Combine(Path.GetDirectoryName(typeof(CampaignRunner).Assembly.Location)!, "clan-conformance.dll");

    private static async Task<int> LabelledContainersOfProcessAsync(int pid)
    {
        var result = await CliWrap.Cli.Wrap("docker").WithArguments(["ps", "-aq", "--filter", $"label=org.clan-conformance.pid={pid}"])
            .WithEnvironmentVariables(e => e.Set("DOCKER_API_VERSION", "1.41"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    [SkippableFact(Timeout = 1_200_000)]
    public async Task Two_campaigns_at_once_keep_their_outputs_apart()
    {
        var session = live.Require();
        Skip.If(session.Backend.Kind != BackendKind.Container, "needs the container backend");
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddConformance(new RepositoryFiles(RepoPaths.Root)).BuildServiceProvider();
        var runner = services.GetRequiredService<CampaignRunner>();
        var root = Directory.CreateTempSubdirectory("clan-conformance-concurrent-").FullName;
        var inputs = session.Inputs!.SourceFile;
        var a = runner.RunAsync(new RunCommand(new NixOptions { InputsFile = inputs, Workers = 1 }) { Cases = 4, Seed = 101, OutDirectory = Path.Combine(root, "a") }, CancellationToken.None);
        var b = runner.RunAsync(new RunCommand(new NixOptions { InputsFile = inputs, Workers = 1 }) { Cases = 4, Seed = 202, OutDirectory = Path.Combine(root, "b") }, CancellationToken.None);
        var exits = await Task.WhenAll(a, b);
        Assert.Equal([0, 0], exits);
        var summaryA = File.ReadAllText(Path.Combine(root, "a", "summary.json"));
        var summaryB = File.ReadAllText(Path.Combine(root, "b", "summary.json"));
        Assert.Contains("\"seed\": 101", summaryA);
        Assert.Contains("\"seed\": 202", summaryB);
        Assert.Equal(0, await LabelledContainersOfProcessAsync(Environment.ProcessId) - 1); // only the shared live session's container remains
        Directory.Delete(root, recursive: true);
    }

    [SkippableFact(Timeout = 1_200_000)]
    public async Task Ctrl_C_stops_a_run_saves_a_partial_summary_and_leaves_no_container_or_work_directory()
    {
        var session = live.Require();
        Skip.If(session.Backend.Kind != BackendKind.Container, "needs the container backend");
        var outDir = Directory.CreateTempSubdirectory("clan-conformance-interrupt-").FullName;
        using var graceful = new CancellationTokenSource();
        using var forceful = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stderr = new System.Text.StringBuilder();
        int? pid = null;
        var command = CliWrap.Cli.Wrap("dotnet")
            .WithArguments([RunnerDll, "run", "--cases", "60", "--seed", "9", "--out", outDir, "--inputs", session.Inputs!.SourceFile, "--workers", "1"])
            .WithWorkingDirectory(RepoPaths.Root)
            .WithEnvironmentVariables(e => e.Set("DOCKER_API_VERSION", "1.41").Set("CI", "1"))
            .WithValidation(CommandResultValidation.None)
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                lock (stderr) stderr.AppendLine(line);
                // Interrupt once real evaluation is under way.
                if (line.StartsWith("checking:", StringComparison.Ordinal)) graceful.Cancel();
            }));
        var task = command.ExecuteAsync(forceful.Token, graceful.Token);
        pid = task.ProcessId;
        var result = await task;
        output.WriteLine(stderr.ToString());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("interrupted", stderr.ToString());
        var summary = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        Assert.Contains("\"interrupted\": true", summary);
        Assert.Equal(0, await LabelledContainersOfProcessAsync(pid.Value));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Path.GetTempPath(), "clan-conformance"), $"run-{pid}-*"));
        Directory.Delete(outDir, recursive: true);
    }
}
