using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Machine level: the modules the machine imports from every service (clan._allMachines.<m>), evaluated on their own: the service order and the NixOS warnings they set.</summary>
    public static readonly ServiceField Imports = new()
    {
        Name = nameof(Imports),
        Doc = "Machine level: the modules the machine imports from every service (clan._allMachines.<m>), evaluated on their own: the service order and the NixOS warnings they set",
        Words = "the modules the machine imports from services",
        Observes = ["clan.modules.<service>.roles.<role>.perInstance", "clan.modules.<service>.perMachine"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Machine,
        Areas = ServiceAreas(FocusArea.ModuleOrder),
        Read = Read.Special(SpecialRead.ServiceImports, Segment.From(KeyPart.Machine)),
        Predict = (p, key) => p.Imports(key.Machine!),
    };
}
