using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Role level: the role-level finalSettings.config (interface and role settings only; reading it warns).</summary>
    public static readonly ServiceField RoleSettings = new()
    {
        Name = nameof(RoleSettings),
        Doc = "Role level: the role-level finalSettings.config (interface and role settings only; reading it warns)",
        Words = "the role-level settings (`roles.<role>.settings`)",
        Observes = ["inventory.instances.<instance>.roles.<role>.settings"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Role,
        Areas = ServiceAreas(),
        Read = ServiceReads.Instance.At("roles").Lookup(Segment.From(KeyPart.Role), "no role {Role}").At("finalSettings.config"),
        Predict = (p, key) => p.ForRole(key, (g, i, r) => g.Settings(i, r, null).ToOutcome("role-level finalSettings: the interface and the role's settings only (no machine, no tag settings)")),
    };
}
