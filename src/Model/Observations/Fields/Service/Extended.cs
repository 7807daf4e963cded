using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Member level: what perInstance's extendSettings returns for the role's extend module.</summary>
    public static readonly ServiceField Extended = new()
    {
        Name = nameof(Extended),
        Doc = "Member level: what perInstance's extendSettings returns for the role's extend module",
        Words = "what perInstance's `extendSettings` returns",
        Observes = ["clan.modules.<service>.roles.<role>.perInstance"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Member,
        Areas = ServiceAreas(),
        Read = ServiceReads.PerInstance.At("extended"),
        Predict = (p, key) => p.ForMember(key, (g, i, r, m) => g.Settings(i, r, m, extended: true).ToOutcome("extendSettings = the machine's settings evaluation extended by the module (at the top level: merged last)")),
    };
}
