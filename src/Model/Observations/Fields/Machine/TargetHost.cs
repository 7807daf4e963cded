using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.clan.core.networking.targetHost</c>: where the clan CLI deploys the machine when the inventory does not say.</summary>
    public static readonly MachineField TargetHost = new()
    {
        Name = nameof(TargetHost),
        Doc = "config.clan.core.networking.targetHost: the user's definitions over its default root@<networking.fqdn> (NixOS: networking.domain = mkDefault meta.domain under enableRecommendedDefaults), else null",
        Words = "`clan.core.networking.targetHost`",
        Observes = ["clan.core.networking.targetHost", "networking.domain", "clan.core.enableRecommendedDefaults", "meta.domain"],
        Aspect = Aspect.Deploy,
        Areas = AreaSet(FocusArea.Deploy, FocusArea.Priorities),
        Read = Read.Config("clan.core.networking.targetHost"),
        Predict = m => m.TargetHost(),
    };
}
