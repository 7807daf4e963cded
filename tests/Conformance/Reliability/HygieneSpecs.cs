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
    private static string RunnerDll => RunnerServices.Dll;

    private static async Task<int> LabelledContainersOfProcessAsync(int pid)
    {
        var result = await CliWrap.Cli.Wrap("docker").WithArguments(["ps", "-aq", "--filter", $"label=org.clan-conformance.pid={pid}"])
            .WithEnvironmentVariables(e => e.Set("DOCKER_API_VERSION", "1.41"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>Whether process <paramref name="pid"/> ignores SIGINT (bit 2 of SigIgn in /proc/PID/status).</summary>
    private static bool SigIntIgnored(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    [SkippableFact(Timeout = 1_200_000)]
    public async Task Two_campaigns_at_once_keep_their_outputs_apart()
    {
        var session = live.Require();
        Skip.If(session.Backend.Kind != BackendKind.Container, "needs the container backend");
        var services = RunnerServices.Create();
        var runner = services.GetRequiredService<CampaignRunner>();
        var root = Directory.CreateTempSubdirectory("clan-conformance-concurrent-").FullName;
        var inputs = session.Inputs!.SourceFile;
        var a = runner.RunAsync(new RunCommand(new NixOptions { InputsFile = inputs, Workers = 1 }, new CampaignOptions { Cases = 4, Seed = 101, OutDirectory = Path.Combine(root, "a") }), CancellationToken.None);
        var b = runner.RunAsync(new RunCommand(new NixOptions { InputsFile = inputs, Workers = 1 }, new CampaignOptions { Cases = 4, Seed = 202, OutDirectory = Path.Combine(root, "b") }), CancellationToken.None);
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
    public async Task A_failure_found_again_in_the_same_output_is_seen_before_and_gains_an_occurrence()
    {
        var session = live.Require();
        // Failures on demand without a broken clan-core: with an empty known-deviations list, the
        // documented-vs-implemented gaps are reported as failures. Pick the first seed whose first
        // three cases are predicted to show one (so a generator change cannot make this vacuous).
        var seed = Enumerable.Range(1, 200).First(s => Generators.ClanArbitraries.Campaign(s, 3)
            .Any(c => Generators.CaseClassifier.Labels(c, Model.Oracle.Oracle.Predict(c)).Any(l => l.StartsWith("documented-vs-actual:", StringComparison.Ordinal))));
        var root = Directory.CreateTempSubdirectory("clan-conformance-corpus-").FullName;
        var noDeviations = Path.Combine(root, "no-deviations.json");
        File.WriteAllText(noDeviations, "[]");
        var services = RunnerServices.Create();
        var runner = services.GetRequiredService<CampaignRunner>();
        var command = new RunCommand(new NixOptions { InputsFile = session.Inputs?.SourceFile, KnownDeviationsFile = noDeviations, Workers = 1 },
            new CampaignOptions { Cases = 3, Seed = seed, OutDirectory = Path.Combine(root, "out"), Shrink = false });

        static System.Text.Json.Nodes.JsonArray Failures(string outDir) =>
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!["failures"]!.AsArray();

        Assert.Equal(1, await runner.RunAsync(command, CancellationToken.None));
        var first = Failures(command.Campaign.OutDirectory!);
        Assert.NotEmpty(first);
        Assert.All(first, f => Assert.True(f!["isNew"]!.GetValue<bool>()));
        var metaPath = Path.Combine(command.Campaign.OutDirectory!, "failures", first[0]!["fingerprint"]!.GetValue<string>(), "meta.json");
        var occurrencesBefore = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(metaPath))!["occurrences"]!.AsArray().Count;

        Assert.Equal(1, await runner.RunAsync(command, CancellationToken.None));
        var second = Failures(command.Campaign.OutDirectory!);
        Assert.Equal(first.Select(f => f!["fingerprint"]!.GetValue<string>()).Order(), second.Select(f => f!["fingerprint"]!.GetValue<string>()).Order());
        Assert.All(second, f => Assert.False(f!["isNew"]!.GetValue<bool>()));
        Assert.Contains("seen before", File.ReadAllText(Path.Combine(command.Campaign.OutDirectory!, "summary.md")));
        Assert.Equal(first.Count, Directory.GetDirectories(Path.Combine(command.Campaign.OutDirectory!, "failures")).Length);
        var occurrencesAfter = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(metaPath))!["occurrences"]!.AsArray().Count;
        Assert.True(occurrencesAfter > occurrencesBefore, $"occurrences {occurrencesBefore} → {occurrencesAfter}: the second sighting was not recorded");
        output.WriteLine($"seed {seed}: {first.Count} failure(s), occurrences of the first {occurrencesBefore} → {occurrencesAfter}");
        Directory.Delete(root, recursive: true);
    }

    [SkippableFact(Timeout = 1_200_000)]
    public async Task Ctrl_C_stops_a_run_saves_a_partial_summary_and_leaves_no_container_or_work_directory()
    {
        var session = live.Require();
        Skip.If(session.Backend.Kind != BackendKind.Container, "needs the container backend");
        var outDir = Directory.CreateTempSubdirectory("clan-conformance-interrupt-").FullName;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { RunnerDll, "run", "--cases", "60", "--seed", "9", "--out", outDir, "--inputs", session.Inputs!.SourceFile, "--workers", "1" },
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["DOCKER_API_VERSION"] = "1.41", ["CI"] = "1" },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        var evaluating = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("checking:", StringComparison.Ordinal)) evaluating.TrySetResult();
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        await evaluating.Task.WaitAsync(TimeSpan.FromMinutes(8));
        // What Ctrl-C sends — unless the runner inherited SIGINT as ignored (POSIX shells ignore it
        // for background jobs, `cmd &`, and .NET keeps an inherited SIG_IGN, as it should); then
        // send SIGTERM, which the runner handles the same way.
        var signal = SigIntIgnored(process.Id) ? "TERM" : "INT";
        output.WriteLine($"sending SIG{signal}");
        await CliWrap.Cli.Wrap("kill").WithArguments(["-s", signal, process.Id.ToString()]).ExecuteAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(stderr.ToString());
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("interrupted", stderr.ToString());
        var summary = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        Assert.Contains("\"interrupted\": true", summary);
        Assert.Equal(0, await LabelledContainersOfProcessAsync(process.Id));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Path.GetTempPath(), "clan-conformance"), $"run-{process.Id}-*"));
        Directory.Delete(outDir, recursive: true);
    }
}
