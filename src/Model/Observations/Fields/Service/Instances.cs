using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Service level: attrNames instances (every instance grouped into this service evaluation).</summary>
    public static readonly ServiceField Instances = new()
    {
        Name = nameof(Instances),
        Doc = "Service level: attrNames instances (every instance grouped into this service evaluation)",
        Words = "the service's instances",
        Observes = ["inventory.instances"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Service,
        Areas = ServiceAreas(),
        Read = ServiceReads.Service.At("instances").Names(),
        Predict = (p, key) => p.ForService(key, g => Outcome.Value(JsonValues.Strings(g.Instances.Select(i => i.Name)), "every instance of the module, whatever its roles")),
    };
}
