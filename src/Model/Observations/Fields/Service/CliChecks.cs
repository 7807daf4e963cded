using System.Text.Json.Nodes;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

public sealed partial class ServiceField
{
    /// <summary>Clan level: clanInternals.cliChecks (the manifests' maxInstances, minMachines and maxMachines constraints).</summary>
    public static readonly ServiceField CliChecks = new()
    {
        Name = nameof(CliChecks),
        Doc = "Clan level: clanInternals.cliChecks (the manifests' maxInstances, minMachines and maxMachines constraints)",
        Words = "`clanInternals.cliChecks`",
        Observes = ["clan.modules.<service>.manifest.constraints"],
        Aspect = ServicesAspect,
        Level = ServiceLevel.Clan,
        Areas = ServiceAreas(),
        Read = Read.Flake("clanInternals.cliChecks"),
        Predict = (p, _) => p.CliChecks(),
    };
}
