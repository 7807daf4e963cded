using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Service level: the names of the module arguments the service module gets beyond lib.modules' own.</summary>
    public static readonly ServiceField SpecialArgs = new()
    {
        Name = nameof(SpecialArgs),
        Doc = "Service level: the names of the module arguments the service module gets beyond lib.modules' own",
        Words = "the arguments the service module gets",
        Observes = ["clan.modules.<service>"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Service,
        Areas = ServiceAreas(),
        Read = ServiceReads.Service.At("conformance.specialArgs"),
        Predict = (p, key) => p.ForService(key, _ => Outcome.Value(JsonValues.Strings(ServiceModel.ServiceSpecialArgs), "all-services-wrapper.nix: specialArgs = { clanLib; directory; exports; meta; }")),
    };
}
