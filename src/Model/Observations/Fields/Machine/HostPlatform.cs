using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.nixpkgs.hostPlatform.system</c>.</summary>
    public static readonly MachineField HostPlatform = new()
    {
        Name = nameof(HostPlatform),
        Doc = "config.nixpkgs.hostPlatform.system: the merged option (clanInternals adds overridePkgs' mkForce)",
        Words = "`nixpkgs.hostPlatform`",
        Observes = ["nixpkgs.hostPlatform"],
        Aspect = Aspect.Nixpkgs,
        Areas = AreaSet(FocusArea.Priorities),
        InInternals = true,
        InternalsAreas = AreaSet(FocusArea.PkgsForSystem),
        Read = Read.Config("nixpkgs.hostPlatform.system"),
        Predict = m => m.HostPlatformField(),
    };
}
