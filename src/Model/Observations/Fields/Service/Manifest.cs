using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Service level: manifest.name of the module the service's first instance resolves to.</summary>
    public static readonly ServiceField Manifest = new()
    {
        Name = nameof(Manifest),
        Doc = "Service level: manifest.name of the module the service's first instance resolves to",
        Words = "the service's `manifest.name`",
        Observes = ["clan.modules.<service>.manifest.name"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Service,
        Areas = ServiceAreas(),
        Read = ServiceReads.Service.At("manifest.name"),
        Predict = (p, key) => p.ForService(key, g => Outcome.Value(JsonValues.String(g.ManifestName), "manifest.name of the module the first instance resolves to")),
    };
}
