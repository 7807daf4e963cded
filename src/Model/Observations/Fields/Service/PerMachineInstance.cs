using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Instance-and-machine level: one instance of perMachine's instances argument (its roles with their settings).</summary>
    public static readonly ServiceField PerMachineInstance = new()
    {
        Name = nameof(PerMachineInstance),
        Doc = "Instance-and-machine level: one instance of perMachine's instances argument (its roles with their settings)",
        Words = "one instance of perMachine's `instances`",
        Observes = ["clan.modules.<service>.perMachine"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.InstanceMachine,
        Areas = ServiceAreas(),
        Read = ServiceReads.PerMachine.At("instances").Lookup(Segment.From(KeyPart.Instance), "the machine is not in instance {Instance}"),
        Predict = (p, key) => p.PerMachine(key, key.Instance),
    };
}
