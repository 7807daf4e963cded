using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Service level: the failing result.assertions (one per role: its interface converts to a JSON schema).</summary>
    public static readonly ServiceField Assertions = new()
    {
        Name = nameof(Assertions),
        Doc = "Service level: the failing result.assertions (one per role: its interface converts to a JSON schema)",
        Words = "the service's failing assertions",
        Observes = ["clan.modules.<service>.roles.<role>.interface"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Service,
        Areas = ServiceAreas(),
        Read = ServiceReads.Service.At("result.assertions").FailingNames(),
        Predict = (p, key) => p.ForService(key, g => g.NoRoles is { } noRoles ? Outcome.Fails(noRoles) : Outcome.Value(JsonValues.Strings([]), "api.nix: one assertion per role that its interface converts to a JSON schema (with meta in scope); every interface option type here converts")),
    };
}
