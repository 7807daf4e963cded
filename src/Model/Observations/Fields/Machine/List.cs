using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.conformance.list</c> (<c>listOf str</c>): definition order, mkOrder, priorities.</summary>
    public static readonly MachineField List = new()
    {
        Name = nameof(List),
        Doc = "config.conformance.list (listOf str): definitions concatenated in lib.modules' merge order, mkOrder and priorities applied",
        Words = "the probe option `conformance.list` (listOf str)",
        Observes = ["conformance.list"],
        Aspect = Aspect.Options,
        Areas = AreaSet(FocusArea.ModuleOrder, FocusArea.Priorities),
        Read = Read.Config("conformance.list").Or(null),
        Predict = m => m.Probe(() => Semantics.MachineEvaluation.FromList(m.ListValue())),
    };
}
