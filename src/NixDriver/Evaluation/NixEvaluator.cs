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

    /// <summary>The exact command for a request (pure; tests and reports use it).</summary>
    public NixCommand BuildCommand(NixEvalRequest request)
    {
        var arguments = new List<string>
        {
            "eval", "--json", request.Installable,
            // Flags, not nix.conf, so a host nix behaves like the container's.
            "--extra-experimental-features", "nix-command flakes",
            "--no-write-lock-file",
            "--option", "eval-cache", "false",
            "--option", "warn-dirty", "false",
        };
        if (request.Apply is not null) arguments.AddRange(["--apply", request.Apply]);
        foreach (var o in overrides.Where(o => request.ExtraOverrides.All(e => e.Input != o.Input)).Concat(request.ExtraOverrides))
            arguments.AddRange(o.ToArguments());
        return NixCommand.Create().WithArguments(arguments).WithTimeout(request.Timeout);
    }

    public async Task<NixEvalResult> EvaluateAsync(NixEvalRequest request, CancellationToken cancellationToken = default)
    {
        var command = BuildCommand(request);
        var result = pipeline is null
            ? await backend.RunAsync(command, cancellationToken)
            : await pipeline.ExecuteAsync(async ct => await backend.RunAsync(command, ct), cancellationToken);
        if (result.Succeeded)
            return new NixEvalResult(result.Stdout, StderrReport.Parse(result.Stderr), result.Duration, command);
        var error = NixErrorClassifier.Classify(result.Stderr)
            ?? throw new NixInfrastructureException($"nix exited with {result.ExitCode} without an error message: {Tail(result.Stderr)}");
        throw new NixEvaluationException(error, command, result.Stderr);
    }

    private static string Tail(string text) => string.Join(" | ", text.Trim().Split('\n').TakeLast(4));
}
