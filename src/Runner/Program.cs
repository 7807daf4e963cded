using System.Runtime.InteropServices;
using Conformance.Model.Cases;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Bench;
using Conformance.Runner.Bisecting;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Conformance.Runner.Nightly;
using Conformance.Runner.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner;

/// <summary>
/// The <c>clan-conformance</c> command. Exit codes: 0 conforms (identical, found), 1 conformance
/// failures (differences, nothing to bisect), 2 usage or infrastructure error.
/// </summary>
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
        if (command is HelpCommand help)
        {
            Console.WriteLine(CommandLine.Help(help.Verb));
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

        T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();
        try
        {
            return command switch
            {
                RunCommand run => await Get<CampaignRunner>().RunAsync(run, cancellation.Token),
                DiffCommand diff => await Get<DiffRunner>().RunAsync(diff, cancellation.Token),
                BisectCommand bisect => await Get<BisectRunner>().RunAsync(bisect, cancellation.Token),
                ReplayCommand replay => await Get<ReplayRunner>().RunAsync(replay, cancellation.Token),
                ReportCommand report => await Get<ReportRunner>().RunAsync(report, cancellation.Token),
                BenchCommand bench => await Get<BenchRunner>().RunAsync(bench, cancellation.Token),
                NightlyCommand nightly => await Get<NightlyRunner>().RunAsync(nightly, cancellation.Token),
                _ => 2,
            };
        }
        catch (Exception e) when (e is UsageException or InputsMapException or NixInfrastructureException or InvalidCaseException or CaseFormatException
                                      or FormatException or RevisionException or RevisionNotEvaluableException
                                      or NixDriver.Evaluation.NixEvaluationException)
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
        catch (Exception e)
        {
            // Never a stack trace for a user unless asked: one line, exit 2, and what to do.
            Console.Error.WriteLine($"error: internal error in clan-conformance: {e.GetType().Name}: {e.Message} (a bug; rerun with --verbose for the stack trace and report it)");
            if (command.Verbose) Console.Error.WriteLine(e);
            return 2;
        }
    }
}
