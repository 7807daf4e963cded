using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

/// <summary>A clan-wide field (<c>clan/F</c>), read from the flake's outputs. One file per field in <c>Fields/Clan</c>.</summary>
public sealed partial class ClanField : ObservedField
{
    /// <summary>A function of the flake's outputs <c>f</c>: how Nix reads the field.</summary>
    public required Read Read { get; init; }

    /// <summary>What the model predicts from the clan's inventory.</summary>
    internal Func<Inventory, Outcome> Predict { get; init; } = null!;

    /// <summary>Every clan field, by name.</summary>
    public static IReadOnlyList<ClanField> All => Registry.Value;

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public static ClanField? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    public override IEnumerable<string> Missing()
    {
        foreach (var problem in base.Missing()) yield return problem;
        if (Read is null) yield return $"{Name}: no Read";
        if (Predict is null) yield return $"{Name}: no Predict";
    }

    /// <summary>A field of the class-filtered outputs: they all fail on the inventory's class conflict.</summary>
    internal static Func<Inventory, Outcome> ClassFiltered(Func<Inventory, Outcome> predict) =>
        inventory => inventory.ClassError is { } error ? Outcome.Fails(error) : predict(inventory);

    private static readonly Lazy<IReadOnlyList<ClanField>> Registry = new(() => Check(Discover<ClanField>()));
}
