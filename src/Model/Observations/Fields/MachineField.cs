using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

/// <summary>
/// A per-machine field: read from each machine's configuration (<c>cfg/&lt;m&gt;/F</c>) and, when
/// <see cref="InInternals"/>, from its <c>clanInternals.machines.&lt;system&gt;</c> copies
/// (<c>sys/&lt;s&gt;/&lt;m&gt;/F</c>). One file per field in <c>Fields/Machine</c>.
/// </summary>
public sealed partial class MachineField : ObservedField
{
    /// <summary>A function of the machine evaluation <c>m</c>: how Nix reads the field.</summary>
    public required Read Read { get; init; }

    /// <summary>Whether the field is also read from the clanInternals copies (the ones overridePkgs can change).</summary>
    public bool InInternals { get; init; }

    /// <summary>Focus areas the field adds in the clanInternals copies (where pkgs come from pkgsFor).</summary>
    public IReadOnlySet<FocusArea> InternalsAreas { get; init; } = new HashSet<FocusArea>();

    /// <summary>What the model predicts for one machine evaluation (before clan's documented deviations are applied).</summary>
    internal Func<MachineEvaluation, Outcome> Predict { get; init; } = null!;

    /// <summary>For fields that are a function of the final package set only: that function (the documented deviations swap the package set).</summary>
    internal Func<PackageSet, JsonNode>? OfPackageSet { get; init; }

    /// <summary>Every machine field, by name.</summary>
    public static IReadOnlyList<MachineField> All => Registry.Value;

    /// <summary>The fields read from clanInternals copies.</summary>
    public static IReadOnlyList<MachineField> Internals => All.Where(f => f.InInternals).ToList();

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public static MachineField? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    public override IEnumerable<string> Missing()
    {
        foreach (var problem in base.Missing()) yield return problem;
        if (Read is null) yield return $"{Name}: no Read";
        if (Predict is null) yield return $"{Name}: no Predict";
    }

    private static readonly Lazy<IReadOnlyList<MachineField>> Registry = new(() => Check(Discover<MachineField>()));
}
