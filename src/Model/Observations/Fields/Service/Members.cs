using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Service level: attrNames result.allMachines (every member machine of every instance).</summary>
    public static readonly ServiceField Members = new()
    {
        Name = nameof(Members),
        Doc = "Service level: attrNames result.allMachines (every member machine of every instance)",
        Words = "the service's member machines",
        Observes = ["inventory.instances.<instance>.roles.<role>.machines", "inventory.instances.<instance>.roles.<role>.tags"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Service,
        Areas = ServiceAreas(FocusArea.Roles),
        Read = ServiceReads.Service.At("result.allMachines").Names(),
        Predict = (p, key) => p.ForService(key, g => g.AllMachines() is { Error: { } error } ? Outcome.Fails(error) : Outcome.Value(JsonValues.Strings(g.AllMachines().Machines.Keys), "every member of every role of every instance (resolveTags: by name, ghosts included, and by tag)")),
    };
}
