using Conformance.Runner;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conformance.Tests.Infrastructure;

/// <summary>The runner's services as the CLI registers them, for specs that drive its commands in-process.</summary>
public static class RunnerServices
{
    public static IServiceProvider Create() => new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
        .AddConformance(new RepositoryFiles(RepoPaths.Root)).BuildServiceProvider();

    /// <summary>The built runner (for specs that start it as a process).</summary>
    public static string Dll => Path.Combine(Path.GetDirectoryName(typeof(Runner.Campaigns.CampaignRunner).Assembly.Location)!, "clan-conformance.dll");
}
