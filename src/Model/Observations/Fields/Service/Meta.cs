using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Member level: perInstance's meta argument (name and domain: the clan's meta).</summary>
    public static readonly ServiceField Meta = new()
    {
        Name = nameof(Meta),
        Doc = "Member level: perInstance's meta argument (name and domain: the clan's meta)",
        Words = "perInstance's `meta`",
        Observes = ["meta.name", "meta.domain"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Member,
        Areas = ServiceAreas(),
        Read = ServiceReads.PerInstance.At("meta").Pick("name", "domain"),
        Predict = (p, key) => p.ForMember(key, (_, _, _, _) => Outcome.Value(new JsonObject { ["domain"] = p.Meta.Domain, ["name"] = p.Meta.Name }, "meta = inventory.meta = clan.meta: its name, and its domain (default \"clan\")")),
    };
}
