using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;
using Polly;

namespace Conformance.NixDriver.Evaluation;

/// <summary>
/// Evaluates flake attributes to JSON on a backend, with the run's input overrides.
/// Outcomes are typed: a value (<see cref="NixEvalResult"/>), an evaluation error
/// (<see cref="NixEvaluationException"/>), a timeout (<see cref="NixTimeoutException"/>), or an
/// infrastructure failure (<see cref="NixInfrastructureException"/>, retried by the pipeline
/// only when transient).
/// </summary>
public sealed class NixEvaluator(INixBackend backend, IReadOnlyList<InputOverride> overrides, ResiliencePipeline? pipeline = null)
{
    public INixBackend Backend => backend;

    public IReadOnlyList<InputOverride> Overrides => overrides;

    /// <summary>
    /// The same evaluator with <paramref name="replacements"/> in place of the overrides of the same
    /// inputs (e.g. clan-core at another revision), so two sets of inputs can be observed side by side.
    /// </summary>
    public NixEvaluator WithOverrides(params InputOverride[] replacements) =>
        new(backend, [.. overrides.Where(o => replacements.All(r => r.Input != o.Input)), .. replacements], pipeline);

    /// <summary>The exact command for a request (pure; tests and reports use it).</summary>
    public NixCommand BuildCommand(NixEvalRequest request) => BuildCommand(request, "eval");

    private NixCommand BuildCommand(NixEvalRequest request, string subcommand)
    {
        // `nix repl FLAKE#.` would look for an attribute named "."; the repl takes the flake itself.
        var installable = subcommand == "repl" ? "path:" + request.FlakeDirectory : request.Installable;
        var arguments = new List<string> { subcommand };
        if (subcommand == "eval") arguments.Add("--json");
        arguments.AddRange(new[]
        {
            installable,
            // Flags, not nix.conf, so a host nix behaves like the container's.
            "--extra-experimental-features", "nix-command flakes",
            "--no-write-lock-file",
            "--option", "eval-cache", "false",
            "--option", "warn-dirty", "false",
        });
        if (request.Apply is not null) arguments.AddRange(["--apply", request.Apply]);
        foreach (var o in overrides.Where(o => request.ExtraOverrides.All(e => e.Input != o.Input)).Concat(request.ExtraOverrides))
            arguments.AddRange(o.ToArguments());
        return NixCommand.Create().WithArguments(arguments).WithTimeout(request.Timeout);
    }

    /// <summary>
    /// Evaluates many expressions in the scope of a flake's outputs with one <c>nix repl</c>
    /// process (see <see cref="NixReplTranscript"/>). Each item is a value or an error; only a
    /// process that dies (timeout, crash) fails the whole call.
    /// </summary>
    public async Task<IReadOnlyList<NixReplTranscript.Item>> EvaluateManyAsync(string flakeDirectory, IReadOnlyList<string> expressions,
        TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        // Next to the flake, not inside it: the flake's source (and store path) stays as rendered.
        var inputFile = Path.TrimEndingDirectorySeparator(flakeDirectory) + ".repl-input";
        await File.WriteAllTextAsync(inputFile, Rendering.ReplScript.For(expressions), cancellationToken);
        var request = NixEvalRequest.Attribute(flakeDirectory).WithTimeout(timeout);
        var command = BuildCommand(request, "repl").WithStandardInputFile(inputFile);
        var result = pipeline is null
            ? await backend.RunAsync(command, cancellationToken)
            : await pipeline.ExecuteAsync(async ct => await backend.RunAsync(command, ct), cancellationToken);
        return NixReplTranscript.Parse(result.Stdout, result.Stderr, expressions.Count)
            ?? throw (NixErrorClassifier.Classify(result.Stderr) is { } error
                ? new NixEvaluationException(error, command, result.Stderr)
                : new NixInfrastructureException($"nix repl ended before its input did (exit {result.ExitCode}): {Tail(result.Stderr)}"));
    }

    public async Task<NixEvalResult> EvaluateAsync(NixEvalRequest request, CancellationToken cancellationToken = default)
    {
        var command = BuildCommand(request);
        var result = await RunAsync(command, cancellationToken);
        return new NixEvalResult(result.Stdout, StderrReport.Parse(result.Stderr), result.Duration, command);
    }

    /// <summary>
    /// Evaluates a request in a process of its own with Nix's evaluator statistics on
    /// (<see cref="EvaluatorStats"/>), and optionally its peak memory: what one evaluation costs.
    /// </summary>
    public async Task<NixCostResult> EvaluateWithStatsAsync(NixEvalRequest request, bool measurePeakMemory = false, CancellationToken cancellationToken = default)
    {
        var command = BuildCommand(request);
        foreach (var (name, value) in EvaluatorStats.Environment) command = command.WithEnvironment(name, value);
        if (measurePeakMemory) command = command.WithPeakMemoryMeasurement();
        var result = await RunAsync(command, cancellationToken);
        var (stats, rest) = EvaluatorStats.Extract(result.Stderr);
        return new NixCostResult(result.Stdout, stats ?? throw new NixInfrastructureException($"nix printed no statistics although NIX_SHOW_STATS was set: {Tail(result.Stderr)}"),
            StderrReport.Parse(rest), result.Duration, result.PeakRssKilobytes, command);
    }

    /// <summary>Runs a command through the pipeline; a failed evaluation is a <see cref="NixEvaluationException"/>.</summary>
    private async Task<Backends.NixProcessResult> RunAsync(NixCommand command, CancellationToken cancellationToken)
    {
        var result = pipeline is null
            ? await backend.RunAsync(command, cancellationToken)
            : await pipeline.ExecuteAsync(async ct => await backend.RunAsync(command, ct), cancellationToken);
        if (result.Succeeded) return result;
        var error = NixErrorClassifier.Classify(result.Stderr)
            ?? throw new NixInfrastructureException($"nix exited with {result.ExitCode} without an error message: {Tail(result.Stderr)}");
        throw new NixEvaluationException(error, command, result.Stderr);
    }

    private static string Tail(string text) => string.Join(" | ", text.Trim().Split('\n').TakeLast(4));
}
