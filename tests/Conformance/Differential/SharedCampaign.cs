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

    private static NixSession? _session;
    private static readonly Once<SharedCampaign> Shared = new(async () =>
    {
        var cases = ClanArbitraries.Campaign(ConfiguredSeed, Cases);
        var checker = Checks.Model(_session!);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await checker.CheckAsync(cases);
        return new SharedCampaign(ConfiguredSeed, results, clock.Elapsed, checker.Processes, checker.MachineEvaluations);
    });

    public static int ConfiguredSeed => TestEnvironment.Int("CLAN_CONFORMANCE_SEED", DefaultSeed, positive: false);

    public static int Cases => TestEnvironment.Int("CLAN_CONFORMANCE_CASES", DefaultCases);

    public static Task<SharedCampaign> SharedAsync(NixSession session)
    {
        _session ??= session;
        return Shared.GetAsync();
    }

    public static IReadOnlyList<ClanCase> Regenerate(int seed, IEnumerable<string> caseIds) =>
        caseIds.Select(id => ClanArbitraries.Generate(seed, int.Parse(id[1..]))).ToList();
}
