using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.conformance.scalar</c> (<c>types.str</c>, default "default"): priorities and conflicts.</summary>
    public static readonly MachineField Scalar = new()
    {
        Name = nameof(Scalar),
        Doc = "config.conformance.scalar (types.str, default \"default\"): which definition wins by priority, or the conflict",
        Words = "the probe option `conformance.scalar` (types.str)",
        Observes = ["conformance.scalar"],
        Aspect = Aspect.Options,
        Areas = AreaSet(FocusArea.Priorities),
        // `or` only covers a machine without the probe module (no `conformance` option tree);
        // conflicts and type errors inside the option still throw.
        Read = Read.Config("conformance.scalar").Or(null),
        Predict = m => m.Probe(() => Semantics.MachineEvaluation.FromString(m.Scalar())),
    };
}
