using Conformance.Generators.Choices;
using Conformance.Model.Cases;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>
/// The generators of the harness in one place, by name (what a case's <see cref="CaseChoices"/>
/// names, so its choices can be replayed), as FsCheck arbitraries and as deterministic samples for
/// campaigns. Every generator shrinks on its choices (<see cref="CaseShrinker"/>): registering a new
/// one here is all its shrinking needs.
/// </summary>
public static class ClanArbitraries
{
    /// <summary>Default size: 50 (at most 3 machines and 3 modules in the pool).</summary>
    public const int DefaultSize = 50;

    /// <summary>Whole clans; FsCheck's random draws the choices (the same cases FsCheck's own generators gave), shrinking lowers them.</summary>
    public static Arbitrary<ClanCase> ClanCase() => Arbitrary(CaseKind.Clan);

    /// <summary>Cases about clan services, observed without machine evaluations (what <c>--focus services</c> generates).</summary>
    public static Arbitrary<ClanCase> ServiceCase() => Arbitrary(CaseKind.Services);

    private static Arbitrary<ClanCase> Arbitrary(CaseKind kind) =>
        Arb.From(Draw.ToGen(DrawFor(kind), (c, choices, size) => c with { Choices = new CaseChoices(Name(kind), size, choices) }), CaseShrinker.Shrink);

    /// <summary>The draw of a generator (not <see cref="CaseKind.All"/>, which is two of them per index).</summary>
    public static Draw<Conformance.Model.Cases.ClanCase> DrawFor(CaseKind kind) => kind switch
    {
        CaseKind.Services => ServiceCaseGen.Case(),
        CaseKind.ServicesOnMachines => ClanCaseGen.CaseWithServices(),
        CaseKind.Clan => ClanCaseGen.Case(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "all is two generators: draw its cases with At"),
    };

    /// <summary>The draw of the generator a case's choices name; null for a name no generator has (a case saved by another version).</summary>
    public static Draw<Conformance.Model.Cases.ClanCase>? DrawFor(string generator) =>
        ParseKind(generator) is { } kind && kind != CaseKind.All ? DrawFor(kind) : null;

    /// <summary>
    /// Case <paramref name="index"/> of a campaign with <paramref name="seed"/>: the same for the
    /// same seed and index whatever the campaign's length, with id <c>c&lt;index&gt;</c>.
    /// For <see cref="CaseKind.All"/> this is the whole clan of the index (<see cref="At"/> gives both cases).
    /// </summary>
    public static Conformance.Model.Cases.ClanCase Generate(int seed, int index, int size = DefaultSize, CaseKind kind = CaseKind.Clan)
    {
        var rnd = new Rnd(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index));
        if (kind == CaseKind.All) kind = CaseKind.Clan;
        var (generated, choices) = Draw.Generate(DrawFor(kind), rnd, size);
        return generated with { Id = CaseId(index), Choices = new CaseChoices(Name(kind), size, choices) };
    }

    /// <summary>
    /// The cases of index <paramref name="index"/>: one, or for <see cref="CaseKind.All"/> two — the
    /// clans campaign's case <c>c&lt;index&gt;</c> and the services campaign's case of the same seed
    /// and index as <c>s&lt;index&gt;</c>. So a campaign about everything holds both campaigns of its
    /// seed case for case: what either finds, it finds.
    /// </summary>
    public static IEnumerable<Conformance.Model.Cases.ClanCase> At(int seed, int index, int size = DefaultSize, CaseKind kind = CaseKind.Clan) =>
        kind == CaseKind.All
            ? [Generate(seed, index, size, CaseKind.Clan), Generate(seed, index, size, CaseKind.Services) with { Id = ServiceCaseId(index) }]
            : [Generate(seed, index, size, kind)];

    public static string CaseId(int index) => $"c{index:D4}";

    /// <summary>Id of the services case of an index in a campaign about everything (<see cref="CaseKind.All"/>).</summary>
    public static string ServiceCaseId(int index) => $"s{index:D4}";

    /// <summary>Every case of a campaign: indices 1..<paramref name="count"/>, each with its case(s) (<see cref="At"/>).</summary>
    public static IReadOnlyList<Conformance.Model.Cases.ClanCase> Campaign(int seed, int count, int size = DefaultSize, CaseKind kind = CaseKind.Clan) =>
        Enumerable.Range(1, count).SelectMany(i => At(seed, i, size, kind)).ToList();

    /// <summary>
    /// The generator a campaign with these focus areas uses: the services one when the focus is
    /// services, both (<see cref="CaseKind.All"/>) without a focus, else whole clans.
    /// </summary>
    public static CaseKind KindFor(IEnumerable<Conformance.Model.Observations.FocusArea> focus)
    {
        var areas = focus.ToList();
        return areas.Contains(Conformance.Model.Observations.FocusArea.Services) ? CaseKind.Services
            : areas.Count == 0 ? CaseKind.All
            : CaseKind.Clan;
    }

    /// <summary>Cases per index (<c>--cases</c> counts indices): two for <see cref="CaseKind.All"/>, else one.</summary>
    public static int CasesPerIndex(CaseKind kind) => kind == CaseKind.All ? 2 : 1;

    /// <summary>How many cases of which generator a campaign of <paramref name="count"/> indices checks, for its first line.</summary>
    public static string Describe(int count, CaseKind kind) =>
        kind == CaseKind.All ? $"{count} clan(s) + {count} services case(s)" : $"{count} case(s)";

    /// <summary>CLI names of the generators (<c>--generator</c>).</summary>
    public static string Name(CaseKind kind) => kind switch
    {
        CaseKind.Services => "services",
        CaseKind.ServicesOnMachines => "services-on-machines",
        CaseKind.All => "all",
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

    /// <summary>
    /// Every area (the default without a focus): per index a whole clan and a services case
    /// (<see cref="ClanArbitraries.At"/>). The services cases keep their fast path (no machine
    /// evaluation, batches of their own), so they add a few percent to a clans campaign's time.
    /// </summary>
    All,
}
