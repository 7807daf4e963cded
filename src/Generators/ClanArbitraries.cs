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

    /// <summary>
    /// Case <paramref name="index"/> of a campaign with <paramref name="seed"/>: the same for the
    /// same seed and index whatever the campaign's length, with id <c>c&lt;index&gt;</c>.
    /// </summary>
    public static Conformance.Model.Cases.ClanCase Generate(int seed, int index, int size = DefaultSize)
    {
        var rnd = new Rnd(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index));
        // Sample(numberOfSamples, seed, size).
        var generated = ClanCaseGen.Case().Sample(1, rnd, size).Single();
        return generated with { Id = CaseId(index) };
    }

    public static string CaseId(int index) => $"c{index:D4}";

    public static IReadOnlyList<Conformance.Model.Cases.ClanCase> Campaign(int seed, int count, int size = DefaultSize) =>
        Enumerable.Range(1, count).Select(i => Generate(seed, i, size)).ToList();
}
