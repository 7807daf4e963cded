using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Member level: the settings argument perInstance receives.</summary>
    public static readonly ServiceField Settings = new()
    {
        Name = nameof(Settings),
        Doc = "Member level: the settings argument perInstance receives",
        Words = "the member's settings (perInstance's `settings`)",
        Observes = ["inventory.instances.<instance>.roles.<role>.settings", "inventory.instances.<instance>.roles.<role>.machines.<machine>.settings", "inventory.instances.<instance>.roles.<role>.tags.<tag>.settings"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Member,
        Areas = ServiceAreas(),
        Read = ServiceReads.PerInstance.At("settings"),
        Predict = (p, key) => p.ForMember(key, (g, i, r, m) => g.Settings(i, r, m).ToOutcome("settings = one evalModules of the interface, the role's, the machine's and its tags' settings (merged in reverse: tags by name, machine, role)")),
    };
}
