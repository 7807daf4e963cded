using Conformance.Generators;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.NixDriver.Sessions;

namespace Conformance.Tests.Differential;

/// <summary>
/// One campaign of generated service cases (<see cref="CaseKind.Services"/>: no machine
/// evaluation) checked against real Nix, shared by the services properties. Size and seed from
/// CLAN_CONFORMANCE_SERVICE_CASES (default 300) and CLAN_CONFORMANCE_SERVICE_SEED.
/// </summary>
internal sealed record SharedServiceCampaign(int Seed, IReadOnlyList<CaseResult> Results, TimeSpan Duration, int Processes)
{
    public const int DefaultCases = 300;
    public const int DefaultSeed = 20261126;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SharedServiceCampaign? _shared;

    public static int ConfiguredSeed => int.TryParse(Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_SERVICE_SEED"), out var s) ? s : DefaultSeed;

    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_SERVICE_CASES"), out var n) && n > 0 ? n : DefaultCases;

    public static async Task<SharedServiceCampaign> SharedAsync(NixSession session)
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is not null) return _shared;
            var cases = ClanArbitraries.Campaign(ConfiguredSeed, Cases, kind: CaseKind.Services);
            var checker = Checks.Model(session);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = await checker.CheckAsync(cases);
            return _shared = new SharedServiceCampaign(ConfiguredSeed, results, clock.Elapsed, checker.Processes);
        }
        finally
        {
            Gate.Release();
        }
    }
}
