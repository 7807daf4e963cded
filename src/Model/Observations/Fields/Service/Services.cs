using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Clan level: attrNames clan._services.allServices (one service evaluation per module id).</summary>
    public static readonly ServiceField Services = new()
    {
        Name = nameof(Services),
        Doc = "Clan level: attrNames clan._services.allServices (one service evaluation per module id)",
        Words = "the service evaluations (module ids)",
        Observes = ["inventory.instances.<instance>.module"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Clan,
        Areas = ServiceAreas(),
        Read = Read.Flake("clan._services.allServices").Names(),
        Predict = (p, _) => p.Services(),
    };
}
