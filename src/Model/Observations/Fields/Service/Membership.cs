using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Instance level: per role of the instance, its members (explicit and by tag).</summary>
    public static readonly ServiceField Membership = new()
    {
        Name = nameof(Membership),
        Doc = "Instance level: per role of the instance, its members (explicit and by tag)",
        Words = "each role's members",
        Observes = ["inventory.instances.<instance>.roles.<role>.machines", "inventory.instances.<instance>.roles.<role>.tags"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Instance,
        Areas = ServiceAreas(FocusArea.Roles),
        Read = ServiceReads.Instance.At("roles").MapValues(role => role.At("machines").Names()),
        Predict = (p, key) => p.Membership(key),
    };
}
