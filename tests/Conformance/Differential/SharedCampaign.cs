using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Hosting;

namespace Conformance.Tests.Differential;

/// <summary>
/// One campaign of generated clans checked against real Nix, shared by every differential
/// property (running it once per property would multiply minutes). Size and seed come from
/// CLAN_CONFORMANCE_CASES (default 300) and CLAN_CONFORMANCE_SEED (default fixed, so CI is
/// reproducible; a nightly or a developer varies it).
/// </summary>
internal sealed record SharedCampaign(int Seed, IReadOnlyList<CaseResult> Results, TimeSpan Duration, int Processes, int MachineEvaluations)
{
    public const int DefaultCases = 300;
    public const int DefaultSeed = 20261125;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SharedCampaign? _shared;

    public static int ConfiguredSeed => int.TryParse(Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_SEED"), out var s) ? s : DefaultSeed;

    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_CASES"), out var n) && n > 0 ? n : DefaultCases;

    public static async Task<SharedCampaign> SharedAsync(NixSession session)
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is not null) return _shared;
            var cases = ClanArbitraries.Campaign(ConfiguredSeed, Cases);
            var checker = Checks.Model(session);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = await checker.CheckAsync(cases);
            return _shared = new SharedCampaign(ConfiguredSeed, results, clock.Elapsed, checker.Processes, checker.MachineEvaluations);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static IReadOnlyList<ClanCase> Regenerate(int seed, IEnumerable<string> caseIds) =>
        caseIds.Select(id => ClanArbitraries.Generate(seed, int.Parse(id[1..]))).ToList();
}
