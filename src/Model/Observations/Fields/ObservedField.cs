using System.Reflection;
using System.Text.Json.Nodes;
using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

/// <summary>
/// What the harness knows about one observed field, in one place: its documentation line, the
/// aspect its changes are keyed by (<see cref="Aspect"/>), the focus areas it belongs to, its name
/// in plain words for reports, and how its values compare. The kinds add how the field is read
/// from Nix (a <see cref="Read"/>) and predicted. Every descriptor is a static member of its kind's
/// partial class, one file per field (<c>Fields/Machine/HostName.cs</c>, …); the kind's
/// <c>All</c> finds them by reflection and <see cref="Check"/> refuses one that lacks a part, so a
/// field is added by adding its file.
/// </summary>
public abstract class ObservedField
{
    /// <summary>The field's name in keys (<c>cfg/jon/HostName</c>): the name of its static member.</summary>
    public required string Name { get; init; }

    /// <summary>One line: what the field is, in clan-core's and nixpkgs' terms.</summary>
    public required string Doc { get; init; }

    /// <summary>What a change of this field is about (cause keys are per scope and aspect).</summary>
    public required Aspect Aspect { get; init; }

    /// <summary>The focus areas the field belongs to (<c>--focus</c>, the per-area properties).</summary>
    public required IReadOnlySet<FocusArea> Areas { get; init; }

    /// <summary>The field in plain words, for reports ("`networking.hostName`").</summary>
    public required string Words { get; init; }

    /// <summary>The option paths (or output attributes) the field observes, for <c>coverage</c>.</summary>
    public required IReadOnlyList<string> Observes { get; init; }

    /// <summary>Whether the field's lists are sets: their order is an implementation detail nobody relies on.</summary>
    public bool Unordered { get; init; }

    /// <summary>Observed values in the model's vocabulary (e.g. assertion messages → ids); identity when null.</summary>
    public Func<JsonNode?, JsonNode?>? Normalise { get; init; }

    public override string ToString() => Name;

    /// <summary>The parts a descriptor lacks, as sentences (empty when complete).</summary>
    public virtual IEnumerable<string> Missing()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return "no Name";
        if (string.IsNullOrWhiteSpace(Doc)) yield return $"{Name}: no Doc line";
        if (string.IsNullOrWhiteSpace(Words)) yield return $"{Name}: no Words for reports";
        if (Areas is null || Areas.Count == 0) yield return $"{Name}: no focus area";
        if (!Enum.IsDefined(Aspect)) yield return $"{Name}: no aspect";
        if (Observes is null || Observes.Count == 0 || Observes.Any(string.IsNullOrWhiteSpace)) yield return $"{Name}: no observed option path";
    }

    /// <summary>Throws, naming every field and the part it lacks, when a descriptor is incomplete.</summary>
    internal static IReadOnlyList<T> Check<T>(IReadOnlyList<T> fields) where T : ObservedField
    {
        var problems = fields.SelectMany(f => f.Missing()).ToList();
        var names = fields.GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => $"{g.Key}: declared twice");
        problems.AddRange(names);
        if (problems.Count > 0)
            throw new InvalidOperationException($"incomplete {typeof(T).Name} descriptors (src/Model/Observations/Fields): " + string.Join("; ", problems));
        return fields;
    }

    /// <summary>Every descriptor of kind <typeparamref name="T"/>: its public static members of that type, by name.</summary>
    internal static IReadOnlyList<T> Discover<T>() where T : ObservedField =>
        typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(T))
            .Select(f => (T)f.GetValue(null)!)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    internal static IReadOnlySet<FocusArea> AreaSet(params FocusArea[] areas) => new HashSet<FocusArea>(areas);
}
