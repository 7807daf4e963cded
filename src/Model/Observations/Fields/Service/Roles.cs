using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Member level: perInstance's roles argument (every role of the instance with its settings and its members' settings).</summary>
    public static readonly ServiceField Roles = new()
    {
        Name = nameof(Roles),
        Doc = "Member level: perInstance's roles argument (every role of the instance with its settings and its members' settings)",
        Words = "perInstance's `roles`",
        Observes = ["clan.modules.<service>.roles.<role>.perInstance"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Member,
        Areas = ServiceAreas(),
        Read = ServiceReads.PerInstance.At("roles"),
        Predict = (p, key) => p.ForMember(key, (g, i, r, m) => g.RolesArgument(i).ToOutcome("roles = every role of the instance (not every role of the service): its role-level settings and each member's settings")),
    };
}
