using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.networking.hostName</c>: clan's <c>mkDefault name</c> against the user's definitions and the option's default, type-checked.</summary>
    public static readonly MachineField HostName = new()
    {
        Name = nameof(HostName),
        Doc = "config.networking.hostName: clan's mkDefault name, the user's definitions and the option default, checked against the class's hostname type",
        Words = "`networking.hostName`",
        Observes = ["networking.hostName"],
        Aspect = Aspect.Options,
        Areas = AreaSet(FocusArea.HostName, FocusArea.Priorities),
        Read = Read.Config("networking.hostName"),
        Predict = m => Semantics.MachineEvaluation.FromString(m.HostName()),
    };
}
