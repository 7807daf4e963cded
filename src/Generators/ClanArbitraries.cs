using Conformance.Model.Cases;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>
/// The arbitraries of the harness in one place (FsCheck's convention: a generator and its
/// shrinker together), plus deterministic sampling for campaigns.
/// </summary>
public static class ClanArbitraries
{
    /// <summary>Default size: 50 (at most 3 machines and 3 modules in the pool).</summary>
    public const int DefaultSize = 50;

    public static Arbitrary<ClanCase> ClanCase() => Arb.From(ClanCaseGen.Case(), ClanCaseShrinker.Shrink);

    /// <summary>Cases about clan services, observed without machine evaluations (what <c>--focus services</c> generates).</summary>
    public static Arbitrary<ClanCase> ServiceCase() => Arb.From(ServiceCaseGen.Case(), ClanCaseShrinker.Shrink);

    /// <summary>
    /// Case <paramref name="index"/> of a campaign with <paramref name="seed"/>: the same for the
    /// same seed and index whatever the campaign's length, with id <c>c&lt;index&gt;</c>.
    /// </summary>
    public static Conformance.Model.Cases.ClanCase Generate(int seed, int index, int size = DefaultSize, CaseKind kind = CaseKind.Clan)
    {
        var rnd = new Rnd(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index));
        // Sample(numberOfSamples, seed, size).
        var generator = kind switch
        {
            CaseKind.Services => ServiceCaseGen.Case(),
            CaseKind.ServicesOnMachines => ClanCaseGen.CaseWithServices(),
            _ => ClanCaseGen.Case(),
        };
        var generated = generator.Sample(1, rnd, size).Single();
        return generated with { Id = CaseId(index) };
    }

    public static string CaseId(int index) => $"c{index:D4}";

    public static IReadOnlyList<Conformance.Model.Cases.ClanCase> Campaign(int seed, int count, int size = DefaultSize, CaseKind kind = CaseKind.Clan) =>
        Enumerable.Range(1, count).Select(i => Generate(seed, i, size, kind)).ToList();

    /// <summary>The generator a campaign with these focus areas uses: the services one when the focus is services.</summary>
    public static CaseKind KindFor(IEnumerable<Conformance.Model.Observations.FocusArea> focus) =>
        focus.Contains(Conformance.Model.Observations.FocusArea.Services) ? CaseKind.Services : CaseKind.Clan;

    /// <summary>CLI names of the generators (<c>--generator</c>).</summary>
    public static string Name(CaseKind kind) => kind switch
    {
        CaseKind.Services => "services",
        CaseKind.ServicesOnMachines => "services-on-machines",
        _ => "clans",
    };

    public static CaseKind? ParseKind(string name) =>
        Enum.GetValues<CaseKind>().Cast<CaseKind?>().FirstOrDefault(k => Name(k!.Value) == name);

    public static IEnumerable<string> KindNames => Enum.GetValues<CaseKind>().Select(Name);
}

/// <summary>Which generator a campaign draws from.</summary>
public enum CaseKind
{
    /// <summary>Whole clans (<see cref="ClanCaseGen"/>): machines, modules, package sets, services; machine evaluations observed.</summary>
    Clan,

    /// <summary>Clan services only (<see cref="ServiceCaseGen"/>): no machine evaluation.</summary>
    Services,

    /// <summary>Whole clans with services of their own (<see cref="ClanCaseGen.CaseWithServices"/>): service modules in NixOS/nix-darwin machines.</summary>
    ServicesOnMachines,
}
