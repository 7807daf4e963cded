using Conformance.Model.Causes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

/// <summary>
/// A field of clan services, read from the service evaluations clan-core exposes
/// (<c>clan._services.allServices.&lt;id&gt;</c>, <c>clan._allMachines</c>) without any machine
/// evaluation. Its <see cref="Level"/> decides the components of its key. One file per field in
/// <c>Fields/Service</c>.
/// </summary>
public sealed partial class ServiceField : ObservedField
{
    /// <summary>Which key components the field has.</summary>
    public required ServiceLevel Level { get; init; }

    /// <summary>A function of the flake's outputs <c>f</c>, naming the key's components (<see cref="KeyPart"/>).</summary>
    public required Read Read { get; init; }

    /// <summary>What the model predicts for one key of this field.</summary>
    internal Func<ServicePredictor, FieldKey, Outcome> Predict { get; init; } = null!;

    /// <summary>Every service field, by name.</summary>
    public static IReadOnlyList<ServiceField> All => Registry.Value;

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public static ServiceField? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    public override IEnumerable<string> Missing()
    {
        foreach (var problem in base.Missing()) yield return problem;
        if (Read is null) yield return $"{Name}: no Read";
        if (Predict is null) yield return $"{Name}: no Predict";
        if (!Enum.IsDefined(Level)) yield return $"{Name}: no level";
    }

    // Every service field is about services; the few that are also about roles or module order say so.
    private static IReadOnlySet<FocusArea> ServiceAreas(params FocusArea[] more) => AreaSet([FocusArea.Services, .. more]);

    private const Aspect ServicesAspect = Aspect.Services;

    private static readonly Lazy<IReadOnlyList<ServiceField>> Registry = new(() => Check(Discover<ServiceField>()));
}

/// <summary>The components of a service field's key: <c>svc/F</c>, <c>svc/&lt;id&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/&lt;r&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/&lt;r&gt;/&lt;m&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;m&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/&lt;m&gt;/F</c>, <c>svc/&lt;m&gt;/F</c>.</summary>
public enum ServiceLevel
{
    Clan,
    Service,
    Instance,
    Role,
    Member,
    ServiceMachine,
    InstanceMachine,
    Machine,
}

/// <summary>The lookups service fields share (each that could miss throws catchably, naming what is missing).</summary>
internal static class ServiceReads
{
    /// <summary><c>clan._services.allServices.&lt;id&gt;</c>.</summary>
    public static Read Service => Read.Flake("clan._services.allServices").Lookup(Segment.From(KeyPart.Service), "no service evaluation {Service}");

    /// <summary>The service evaluation's <c>instances.&lt;i&gt;</c>.</summary>
    public static Read Instance => Service.At("instances").Lookup(Segment.From(KeyPart.Instance), "no instance {Instance}");

    /// <summary>What the probe's perInstance returned for one member (<c>result.allRoles.&lt;r&gt;.allInstances.&lt;i&gt;.allMachines.&lt;m&gt;.conformance</c>).</summary>
    public static Read PerInstance => Service.At("result.allRoles").Lookup(Segment.From(KeyPart.Role), "no role {Role}")
        .At("allInstances").Lookup(Segment.From(KeyPart.Instance), "no instance {Instance}")
        .At("allMachines").Lookup(Segment.From(KeyPart.Machine), "the machine is not a member of role {Role}")
        .At("conformance");

    /// <summary>What the probe's perMachine returned for one machine (<c>result.allMachines.&lt;m&gt;.conformance</c>).</summary>
    public static Read PerMachine => Service.At("result.allMachines").Lookup(Segment.From(KeyPart.Machine), "the machine is not a member").At("conformance");
}
