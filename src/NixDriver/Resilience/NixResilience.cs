using Conformance.NixDriver.Backends;
using Polly;
using Polly.Retry;

namespace Conformance.NixDriver.Resilience;

/// <summary>Options of the evaluation pipeline (one pipeline per failure domain).</summary>
public sealed record NixResilienceOptions
{
    /// <summary>Two retries: a container restart or an engine hiccup recovers within one; a third failure is not transient.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Backoff base; Docker needs a moment after restarting a container.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Builds the resilience pipeline for running Nix. Retries only <see cref="NixInfrastructureException"/>
/// marked transient. Evaluation errors, timeouts and disagreements are results and are never retried.
/// </summary>
public static class NixResilience
{
    public const string EvaluationPipelineKey = "nix-evaluation";

    public static ResiliencePipeline CreateEvaluationPipeline(NixResilienceOptions? options = null) =>
        ConfigureEvaluationPipeline(new ResiliencePipelineBuilder(), options).Build();

    /// <summary>Adds the evaluation strategies to a builder (also used by the runner's keyed DI registration).</summary>
    public static ResiliencePipelineBuilder ConfigureEvaluationPipeline(ResiliencePipelineBuilder builder, NixResilienceOptions? options = null)
    {
        options ??= new NixResilienceOptions();
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            Delay = options.Delay,
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder().Handle<NixInfrastructureException>(e => e.IsTransient),
        });
    }
}
