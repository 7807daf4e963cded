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

    private static NixSession? _session;
    private static readonly Once<SharedServiceCampaign> Shared = new(async () =>
    {
        var cases = ClanArbitraries.Campaign(ConfiguredSeed, Cases, kind: CaseKind.Services);
        var checker = Checks.Model(_session!);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await checker.CheckAsync(cases);
        return new SharedServiceCampaign(ConfiguredSeed, results, clock.Elapsed, checker.Processes);
    });

    public static int ConfiguredSeed => TestEnvironment.Int("CLAN_CONFORMANCE_SERVICE_SEED", DefaultSeed, positive: false);

    public static int Cases => TestEnvironment.Int("CLAN_CONFORMANCE_SERVICE_CASES", DefaultCases);

    public static Task<SharedServiceCampaign> SharedAsync(NixSession session)
    {
        _session ??= session;
        return Shared.GetAsync();
    }
}
