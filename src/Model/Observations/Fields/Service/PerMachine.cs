using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Machine-in-service level: perMachine's machine argument and the names of its instances argument.</summary>
    public static readonly ServiceField PerMachine = new()
    {
        Name = nameof(PerMachine),
        Doc = "Machine-in-service level: perMachine's machine argument and the names of its instances argument",
        Words = "perMachine's `machine` and `instances`",
        Observes = ["clan.modules.<service>.perMachine"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.ServiceMachine,
        Areas = ServiceAreas(),
        Read = Read.Record(("machine", ServiceReads.PerMachine.At("machine")), ("instances", ServiceReads.PerMachine.At("instances").Names())),
        Predict = (p, key) => p.PerMachine(key, null),
    };
}
