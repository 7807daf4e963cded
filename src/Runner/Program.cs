using System.CommandLine;
using System.Runtime.InteropServices;
using Conformance.Model.Cases;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Bench;
using Conformance.Runner.Bisecting;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;
using Conformance.Runner.Nightly;
using Conformance.Runner.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner;

/// <summary>
/// The <c>clan-conformance</c> command: the <see cref="Grammar"/>'s verbs, each with an action that
/// runs its runner. Exit codes (<see cref="ExitCodes"/>): 0 conforms (identical, found), 1
/// conformance failures (differences, nothing to bisect), 2 usage or infrastructure error.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = new RunnerConsole();
        if (CommandLine.WantsHelp(args, out var verb))
        {
            if (CommandLine.Help(verb) is not { } help)
            {
                console.Say($"error: unknown command '{verb}'. Commands: {string.Join(", ", new Grammar().All.Select(v => v.Name))} (see --help).");
                return ExitCodes.Error;
            }
            console.Print(help);
            return ExitCodes.Conforms;
        }
        var grammar = new Grammar();
        ParseResult parsed;
        try
        {
            parsed = CommandLine.Check(grammar, grammar.Root.Parse(args));
        }
        catch (UsageException e)
        {
            console.Say($"error: {e.Message}");
            return ExitCodes.Error;
        }
        var verbose = parsed.GetValue(grammar.Verbose);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter(l => l >= (verbose ? LogLevel.Information : LogLevel.Warning));
        // Console logs go to stderr: stdout is for results (replay verdicts, reports, bench figures).
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddConformance(console: console);
        using var host = builder.Build();
        T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

        // Each verb's action: its record (a mistake the grammar cannot see, e.g. a missing --base, is a UsageException), to its runner.
        grammar.Run.SetAction((r, ct) => Get<CampaignRunner>().RunAsync((RunCommand)grammar.Record(r), ct));
        grammar.Diff.SetAction((r, ct) => Get<DiffRunner>().RunAsync((DiffCommand)grammar.Record(r), ct));
        grammar.Bisect.SetAction((r, ct) => Get<BisectRunner>().RunAsync((BisectCommand)grammar.Record(r), ct));
        grammar.Replay.SetAction((r, ct) => Get<ReplayRunner>().RunAsync((ReplayCommand)grammar.Record(r), ct));
        grammar.Report.SetAction((r, ct) => Get<ReportRunner>().RunAsync((ReportCommand)grammar.Record(r), ct));
        grammar.Export.SetAction((r, ct) => grammar.Record(r) is ExportCommand { Format: ExportFormat.ClanCorePatch } patch
            ? Get<Reports.PatchExportRunner>().RunAsync(patch, ct)
            : Get<ExportRunner>().RunAsync((ExportCommand)grammar.Record(r), ct));
        grammar.Bench.SetAction((r, ct) => Get<BenchRunner>().RunAsync((BenchCommand)grammar.Record(r), ct));
        grammar.Nightly.SetAction((r, ct) => Get<NightlyRunner>().RunAsync((NightlyCommand)grammar.Record(r), ct));
        grammar.Merge.SetAction((r, ct) => Get<MergeRunner>().RunAsync((MergeCommand)grammar.Record(r), ct));
        grammar.Issues.SetAction((r, ct) => Get<IssueRunner>().RunAsync((IssuesCommand)grammar.Record(r), ct));
        grammar.History.SetAction((r, ct) => Get<Bisecting.HistoryRunner>().RunAsync((HistoryCommand)grammar.Record(r), ct));
        grammar.Scale.SetAction((r, ct) => Get<Scale.ScaleRunner>().RunAsync((ScaleCommand)grammar.Record(r), ct));
        grammar.Coverage.SetAction((r, ct) => Get<Coverage.CoverageRunner>().RunAsync((CoverageCommand)grammar.Record(r), ct));

        // Ctrl-C / SIGTERM cancel the run; the backend is disposed on the way out (its container removed),
        // and what was found so far is already on disk.
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancellation.Cancel(); });
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellation.Token);
        }
        catch (Exception e) when (e is UsageException or InputsMapException or NixInfrastructureException or InvalidCaseException or CaseFormatException
                                      or FormatException or RevisionException or RevisionNotEvaluableException
                                      or NixDriver.Evaluation.NixEvaluationException)
        {
            console.Say($"error: {e.Message}");
            if (verbose) console.Say(e.ToString());
            return ExitCodes.Error;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            console.Say("interrupted");
            return ExitCodes.Error;
        }
        catch (Exception e)
        {
            // Never a stack trace for a user unless asked: one line, exit 2, and what to do.
            console.Say($"error: internal error in clan-conformance: {e.GetType().Name}: {e.Message} (a bug; rerun with --verbose for the stack trace and report it)");
            if (verbose) console.Say(e.ToString());
            return ExitCodes.Error;
        }
    }
}
