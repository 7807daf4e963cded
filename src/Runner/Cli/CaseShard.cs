using Conformance.Generators;
using Conformance.Model.Cases;

namespace Conformance.Runner.Cli;

/// <summary>
/// Shard <see cref="K"/> of <see cref="N"/> of a campaign (<c>--shard K/N</c>): the cases whose
/// 1-based index i has <c>(i-1) % N == K-1</c> (both cases of an index, in a campaign about everything). Case i is the same whatever the campaign's length
/// (<see cref="ClanArbitraries.Generate"/>), so the shards of one seed are disjoint and together are
/// the unsharded campaign, case for case — which is what lets <c>merge</c> rebuild its ledger.
/// </summary>
internal sealed record CaseShard(int K, int N)
{
    /// <summary>Whether case <paramref name="index"/> (1-based) belongs to this shard.</summary>
    public bool Includes(int index) => (index - 1) % N == K - 1;

    /// <summary>This shard's cases of the campaign <c>(seed, count, size, kind)</c>; only they are generated.</summary>
    public IReadOnlyList<ClanCase> Cases(int seed, int count, int size, CaseKind kind) =>
        Enumerable.Range(1, count).Where(Includes).SelectMany(i => ClanArbitraries.At(seed, i, size, kind)).ToList();

    /// <summary>The cases a campaign checks: all of them without a shard, else the shard's.</summary>
    public static IReadOnlyList<ClanCase> Select(CaseShard? shard, int seed, int count, int size, CaseKind kind) =>
        shard?.Cases(seed, count, size, kind) ?? ClanArbitraries.Campaign(seed, count, size, kind);

    /// <summary>What a campaign's first line says it checks: the cases of all indices or of a shard's.</summary>
    public static string Describe(CaseShard? shard, int count, CaseKind kind) =>
        shard is null ? ClanArbitraries.Describe(count, kind) : $"shard {shard} of {ClanArbitraries.Describe(count, kind)}";

    /// <summary><c>K/N</c> with 1 &lt;= K &lt;= N; null when the text is not that.</summary>
    public static CaseShard? Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2 && Number(parts[0]) is { } k && Number(parts[1]) is { } n && k >= 1 && k <= n
            ? new CaseShard(k, n)
            : null;
    }

    /// <summary>Digits only: no sign, spaces or thousands separators in a shard.</summary>
    private static int? Number(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public override string ToString() => $"{K}/{N}";
}
