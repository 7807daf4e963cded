using Conformance.Generators.Choices;
using Conformance.Model.Cases;

namespace Conformance.Generators;

/// <summary>
/// Shrink candidates for a case, for campaigns (checked against Nix in batches) and FsCheck
/// properties alike. A generated case shrinks on the choices its generator drew
/// (<see cref="ChoiceShrinker{T}"/>: no generator has shrinking code of its own, so a new generator
/// shrinks as soon as it is registered in <see cref="ClanArbitraries"/>); a case without choices
/// falls back to <see cref="StructuralShrinker"/>. Every candidate keeps the case's id and what the
/// campaign set on it (<see cref="ClanCase.ObserveCost"/>), and passes <see cref="CaseValidator"/>.
/// </summary>
public static class CaseShrinker
{
    /// <summary>FsCheck's shrinker: the candidates of the case with its choices normalised (lazy).</summary>
    public static IEnumerable<ClanCase> Shrink(ClanCase c) => Candidates(Normalize(c));

    /// <summary>
    /// The same case from shortlex-smaller choices (dead choices dropped: list items drawn past what
    /// the generator keeps, a filter's rejected attempts), found by replaying only. A case without
    /// choices is returned as it is.
    /// </summary>
    public static ClanCase Normalize(ClanCase c)
    {
        if (For(c) is not { } shrinker) return c;
        var current = shrinker.Replay(c.Choices!.Values);
        return Carry(c, shrinker.Normalize(current));
    }

    /// <summary>
    /// The next step's candidates, largest reduction first: each a valid case other than
    /// <paramref name="c"/>, from shortlex-smaller choices when it has them (structural deletions otherwise).
    /// </summary>
    public static IEnumerable<ClanCase> Candidates(ClanCase c)
    {
        if (For(c) is not { } shrinker) return StructuralShrinker.Candidates(c);
        var current = shrinker.Replay(c.Choices!.Values);
        return shrinker.Candidates(current).Select(d => Carry(c, d));
    }

    private static ChoiceShrinker<ClanCase>? For(ClanCase c) =>
        c.Choices is { } choices && ClanArbitraries.DrawFor(choices.Generator) is { } draw
            ? new ChoiceShrinker<ClanCase>(draw, choices.Size, CaseJson.Structure, x => CaseValidator.Problems(Carry(c, x)).Count == 0)
            : null;

    private static ClanCase Carry(ClanCase from, ClanCase drawn) => drawn with
    {
        Id = from.Id,
        ObserveCost = from.ObserveCost,
        Choices = from.Choices! with { Values = [] },
    };

    private static ClanCase Carry(ClanCase from, Drawn<ClanCase> drawn) =>
        drawn.Value with { Id = from.Id, ObserveCost = from.ObserveCost, Choices = from.Choices! with { Values = drawn.Values } };
}
