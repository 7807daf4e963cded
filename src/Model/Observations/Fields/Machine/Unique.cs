using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.conformance.unique</c> (<c>nullOr (uniq str)</c>, default null): uniqueness.</summary>
    public static readonly MachineField Unique = new()
    {
        Name = nameof(Unique),
        Doc = "config.conformance.unique (nullOr (uniq str), default null): exactly one kept definition, or null against non-null",
        Words = "the probe option `conformance.unique` (nullOr (uniq str))",
        Observes = ["conformance.unique"],
        Aspect = Aspect.Options,
        Areas = AreaSet(FocusArea.Priorities),
        Read = Read.Config("conformance.unique").Or(null),
        Predict = m => m.Probe(() => Semantics.MachineEvaluation.FromString(m.Unique())),
    };
}
