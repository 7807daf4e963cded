using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.clan.core.networking.buildHost</c>: where nixos-rebuild builds (null: on the target).</summary>
    public static readonly MachineField BuildHost = new()
    {
        Name = nameof(BuildHost),
        Doc = "config.clan.core.networking.buildHost: nullOr str, default null; the user's definitions at their priorities",
        Words = "`clan.core.networking.buildHost`",
        Observes = ["clan.core.networking.buildHost"],
        Aspect = Aspect.Deploy,
        Areas = AreaSet(FocusArea.Deploy, FocusArea.Priorities),
        Read = Read.Config("clan.core.networking.buildHost"),
        Predict = m => m.BuildHost(),
    };
}
