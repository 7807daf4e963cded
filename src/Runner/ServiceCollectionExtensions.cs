using Conformance.NixDriver.Resilience;
using Conformance.Runner.Bench;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace Conformance.Runner;

/// <summary>The composition root: it names every runner, so it sits above them all (not in Hosting, which the runners use).</summary>
internal static class ServiceCollectionExtensions
{
    /// <summary>Registers the runner's services and the keyed resilience pipeline for Nix evaluation.</summary>
    public static IServiceCollection AddConformance(this IServiceCollection services, RepositoryFiles? repository = null, RunnerConsole? console = null)
    {
        services.AddSingleton(repository ?? new RepositoryFiles());
        services.AddResiliencePipeline(NixResilience.EvaluationPipelineKey, (builder, _) => NixResilience.ConfigureEvaluationPipeline(builder));
        services.AddSingleton<ClanCoreRevisions>();
        services.AddSingleton<NixSessionFactory>();
        services.AddSingleton(sp => new FailureCorpus(Reports.SavedFailure.Renderer(sp.GetRequiredService<RepositoryFiles>())));
        services.AddSingleton(console ?? new RunnerConsole());
        services.AddSingleton<CampaignRunner>();
        services.AddSingleton<ReplayRunner>();
        services.AddSingleton<BenchRunner>();
        services.AddSingleton<DiffRunner>();
        services.AddSingleton<Bisecting.BisectRunner>();
        services.AddSingleton<Reports.ReportRunner>();
        services.AddSingleton<Reports.FindingRunner>();
        services.AddSingleton<Reports.ExportRunner>();
        services.AddSingleton<Reports.PatchExportRunner>();
        services.AddSingleton<Nightly.NightlyRunner>();
        services.AddSingleton<MergeRunner>();
        services.AddSingleton<Nightly.IssueRunner>();
        services.AddSingleton<Scale.ScaleRunner>();
        services.AddSingleton<Coverage.CoverageRunner>();
        services.AddSingleton<Bisecting.HistoryRunner>();
        return services;
    }
}
