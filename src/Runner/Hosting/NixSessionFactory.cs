using Conformance.Model.Comparison;
using Conformance.NixDriver.Checking;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Resilience;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Cli;
using Microsoft.Extensions.Logging;
using Polly.Registry;

namespace Conformance.Runner.Hosting;

/// <summary>Starts Nix sessions and check options from CLI options (one per command).</summary>
public sealed class NixSessionFactory(ResiliencePipelineProvider<string> pipelines, ILoggerFactory loggers, RepositoryFiles repository)
{
    /// <summary>Checks the options that can be checked without Nix (inputs map, known deviations), so bad input fails before any output is written.</summary>
    public void Validate(NixOptions options)
    {
        InputsMap.Discover(options.InputsFile);
        KnownDeviations(options);
    }

    /// <summary>A fresh, private work directory per session: two campaigns at once never share one.</summary>
    public async Task<NixSession> StartAsync(NixOptions options, CancellationToken cancellationToken)
    {
        var builder = new NixSessionBuilder()
            .WithInputs(InputsMap.Discover(options.InputsFile))
            .WithBackend(options.Backend)
            .WithResiliencePipeline(pipelines.GetPipeline(NixResilience.EvaluationPipelineKey))
            .WithLogger(loggers.CreateLogger("nix"))
            .KeepWorkDirectory(options.KeepWorkDirectories)
            .WithWorkDirectory(Path.Combine(Path.GetTempPath(), "clan-conformance", $"run-{Environment.ProcessId}-{Guid.NewGuid():N}"[..28]));
        foreach (var o in options.Overrides) builder.WithOverride(o);
        return await builder.StartAsync(cancellationToken);
    }

    public CheckOptions CheckOptions(NixOptions options) => new()
    {
        Workers = options.Workers,
        Timeout = options.Timeout,
        KeepWorkDirectories = options.KeepWorkDirectories,
        LockFile = repository.LockFile,
        KnownDeviations = KnownDeviations(options).Select(d => d.Id).ToHashSet(),
    };

    /// <summary>The known deviations (default: the repository's known-deviations.json).</summary>
    public IReadOnlyList<KnownDeviation> KnownDeviations(NixOptions options)
    {
        var path = options.KnownDeviationsFile ?? repository.KnownDeviationsPath;
        if (path is null) return [];
        if (!File.Exists(path))
        {
            if (options.KnownDeviationsFile is not null)
                throw new UsageException($"--known-deviations {path} does not exist.");
            return [];
        }
        try
        {
            return KnownDeviation.ParseList(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new UsageException($"{path}: {e.Message}. Fix the file (a JSON list of {{id, summary, documented, actual, upstream}}).");
        }
    }
}
