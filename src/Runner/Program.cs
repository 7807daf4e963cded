using System.Runtime.InteropServices;
using Conformance.Model.Cases;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;
using Conformance.Runner.Bench;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner;

/// <summary>The <c>clan-conformance</c> command. Exit codes: 0 conforms, 1 conformance failures, 2 usage or infrastructure error.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Command command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        if (command is HelpCommand)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter(l => l >= (command.Verbose ? LogLevel.Information : LogLevel.Warning));
        // Console logs go to stderr: stdout is for results (replay verdicts, reports, bench figures).
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddConformance();
        using var host = builder.Build();

        // Ctrl-C / SIGTERM cancel the run; the backend is disposed on the way out (its container removed),
        // and what was found so far is already on disk.
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancellation.Cancel(); });

        try
        {
            return command switch
            {
                RunCommand run => await host.Services.GetRequiredService<CampaignRunner>().RunAsync(run, cancellation.Token),
                ReplayCommand replay => await host.Services.GetRequiredService<ReplayRunner>().RunAsync(replay, cancellation.Token),
                ReportCommand report => Report(report),
                BenchCommand bench => await host.Services.GetRequiredService<BenchRunner>().RunAsync(bench, cancellation.Token),
                _ => 2,
            };
        }
        catch (Exception e) when (e is UsageException or InputsMapException or NixInfrastructureException or InvalidCaseException or CaseFormatException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (command.Verbose) Console.Error.WriteLine(e);
            return 2;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted");
            return 2;
        }
    }

    /// <summary>Prints a saved failure's report, regenerated from its files (so it reflects the current report format).</summary>
    private static int Report(ReportCommand command)
    {
        var dir = Path.GetFullPath(command.Path);
        if (File.Exists(dir)) dir = Path.GetDirectoryName(dir)!;
        string Read(string name)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path))
                throw new UsageException($"{dir} is not a saved failure ({name} is missing). Pass failures/<fingerprint> from a run's output directory.");
            return File.ReadAllText(path);
        }
        var meta = RecordJson.Deserialize<FailureMeta>(Read("meta.json"), Path.Combine(dir, "meta.json"));
        var fields = RecordJson.Deserialize<List<FieldRecord>>(Read("verdict.json"), Path.Combine(dir, "verdict.json"));
        var clanCase = CaseJson.Deserialize(Read("case.json"));
        var repro = Conformance.NixDriver.Rendering.ClanRenderer.Render(clanCase, new RepositoryFiles().LockFile);
        Console.WriteLine(UpstreamReport.Render(meta, fields, clanCase, repro));
        return 0;
    }
}
