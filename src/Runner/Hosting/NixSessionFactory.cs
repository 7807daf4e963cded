using Conformance.Model.Comparison;
using Conformance.NixDriver.Observing;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Resilience;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Cli;
using Microsoft.Extensions.Logging;
using Polly.Registry;

namespace Conformance.Runner.Hosting;

/// <summary>Starts Nix sessions and check options from CLI options (one per command).</summary>
internal sealed class NixSessionFactory(ResiliencePipelineProvider<string> pipelines, ILoggerFactory loggers, RepositoryFiles repository, ClanCoreRevisions revisions)
{
    /// <summary>Checks the options that can be checked without Nix (inputs map, known deviations), so bad input fails before any output is written.</summary>
    public void Validate(NixOptions options)
    {
        // Without the checkout every model disagreement that is a known deviation would be reported
        // as unlisted, and reports would pin no inputs: refuse rather than report wrong results.
        if (repository.Data is null)
            throw new UsageException("clan-conformance reads known-deviations.json and fixtures/test-clan/flake.lock from its repository, and "
                + $"neither {Directory.GetCurrentDirectory()} nor {AppContext.BaseDirectory} is inside a checkout (no Conformance.sln above them): "
                + "run it from the repository (cd REPO && dotnet run --project src/Runner -- VERB …), or use the clan-conformance.dll built in it, "
                + "or the packed tool, which carries them (dotnet pack src/Runner -o DIR; dotnet tool install --add-source DIR --tool-path BIN clan-conformance).");
        InputsMap.Discover(options.InputsFile);
        KnownDeviations(options);
        KnownCauses(options);
        if (options.ClanCoreRevision is not null && options.ClanCoreRepository is null)
            throw new UsageException("--clan-core-rev needs --clan-core-repo DIR (a local clone of clan-core with its history).");
        if (options.ClanCoreRepository is not null && options.Overrides.Any(o => o.Input == "clan-core"))
            throw new UsageException("--clan-core-repo and --override-input clan-core=… both choose clan-core; pass one.");
    }

    /// <summary>
    /// A fresh, private work directory per session: two campaigns at once never share one.
    /// <paramref name="revisionTrees"/>: a directory of clan-core revision trees to make readable
    /// (mounted into the container), for commands that evaluate clan-core at revisions.
    /// </summary>
    public async Task<NixSession> StartAsync(NixOptions options, CancellationToken cancellationToken, string? revisionTrees = null)
    {
        if (options.Image is not null && options.Backend == NixDriver.Backends.BackendKind.Host)
            throw new UsageException("--nix chooses a container image; with --backend host the Nix on PATH is used. Drop one of them.");
        var builder = new NixSessionBuilder()
            .WithInputs(InputsMap.Discover(options.InputsFile))
            .WithBackend(options.Image is null ? options.Backend : NixDriver.Backends.BackendKind.Container)
            .WithContainerOptions(o => (options.Image is null ? o : o with { Image = options.Image }) with { ImageRecipe = repository.ImageRecipe })
            .WithResiliencePipeline(pipelines.GetPipeline(NixResilience.EvaluationPipelineKey))
            .WithLogger(loggers.CreateLogger("nix"))
            .KeepWorkDirectory(options.KeepWorkDirectories)
            .WithWorkDirectory(Path.Combine(Path.GetTempPath(), "clan-conformance", $"run-{Environment.ProcessId}-{Guid.NewGuid():N}"[..28]));
        foreach (var o in options.Overrides) builder.WithOverride(o);
        if (revisionTrees is not null || options.ClanCoreRepository is not null) builder.WithReadOnlyDirectory(revisionTrees ?? revisions.EnsureTreesRoot());
        return await builder.StartAsync(cancellationToken);
    }

    public ObserverOptions ObserverOptions(NixOptions options) => new()
    {
        Workers = options.Workers,
        Timeout = options.Timeout,
        KeepWorkDirectories = options.KeepWorkDirectories,
        LockFile = repository.LockFile,
    };

    /// <summary>The ids of the known deviations (see <see cref="KnownDeviations"/>).</summary>
    public IReadOnlySet<string> KnownDeviationIds(NixOptions options) => KnownDeviations(options).Select(d => d.Id).ToHashSet();

    /// <summary>The cause keys of known-failures.txt (default: the repository's), which gates tolerate.</summary>
    public IReadOnlySet<Model.Causes.CauseKey> KnownCauses(NixOptions options)
    {
        var path = options.KnownFailuresFile ?? repository.KnownFailuresPath;
        if (options.KnownFailuresFile is not null && !File.Exists(path))
            throw new UsageException($"--known-failures {path} does not exist.");
        try
        {
            return KnownFailures.Load(path);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// What the command evaluates: clan-core at <see cref="NixOptions.ClanCoreRevision"/> of
    /// <see cref="NixOptions.ClanCoreRepository"/> when given, else the session's inputs (inputs map
    /// and overrides), with the versions Nix reports for them.
    /// </summary>
    public async Task<EvaluationTarget> TargetAsync(NixSession session, NixOptions options, ObserverOptions observerOptions, CancellationToken cancellationToken)
    {
        if (options.ClanCoreRepository is { } repositoryDirectory)
        {
            var repository = await revisions.OpenAsync(repositoryDirectory, cancellationToken);
            var revision = await revisions.ResolveAsync(repository, options.ClanCoreRevision ?? "HEAD", cancellationToken);
            return await revisions.TargetAsync(session, repository, revision, observerOptions.LockFile, cancellationToken);
        }
        var versions = await VersionProbe.ReadAsync(session, observerOptions.LockFile, cancellationToken);
        return new EvaluationTarget(session.Evaluator, "clan-core " + versions.ClanCore, versions);
    }

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
