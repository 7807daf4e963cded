using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Member level: perInstance's instanceName and machine (name, roles in this instance).</summary>
    public static readonly ServiceField Args = new()
    {
        Name = nameof(Args),
        Doc = "Member level: perInstance's instanceName and machine (name, roles in this instance)",
        Words = "perInstance's `instanceName` and `machine`",
        Observes = ["clan.modules.<service>.roles.<role>.perInstance"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Member,
        Areas = ServiceAreas(),
        Read = ServiceReads.PerInstance.Pick("instanceName", "machine"),
        Predict = (p, key) => p.ForMember(key, (g, i, r, m) => ValueTree.Object([("instanceName", ValueTree.Of(JsonValue.Create(i.Name))), ("machine", g.MachineArgument(i, m))]).ToOutcome("instanceName, and machine = { name; roles = the instance's roles the machine is in, sorted }")),
    };
}
