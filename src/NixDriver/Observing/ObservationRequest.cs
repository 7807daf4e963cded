using Conformance.Model.Cases;
using Conformance.Model.Observations;

namespace Conformance.NixDriver.Observing;

/// <summary>
/// One case to observe: its fields (by default <see cref="ObservationPlan.Fields"/>), plus fields
/// to read on their own because they are expected to fail in a way <c>builtins.tryEval</c> cannot
/// catch (a hint, from a prediction or an earlier observation: without it such a field breaks its
/// case's line and the observer falls back to reading the case field by field).
/// </summary>
public sealed record ObservationRequest(ClanCase Case)
{
    public IReadOnlyList<FieldKey> Fields { get; init; } = ObservationPlan.Fields(Case);

    public IReadOnlySet<FieldKey> ReadAlone { get; init; } = new HashSet<FieldKey>();

    /// <summary>
    /// Fields expected to fail (catchably): their messages are read in the first round, right after
    /// every case's results, instead of in a second process. Only a speed-up — a wrong hint reads a
    /// value where a message was expected, and a field failing unexpectedly is still read in the
    /// second round.
    /// </summary>
    public IReadOnlySet<FieldKey> ReadEagerly { get; init; } = new HashSet<FieldKey>();

    public static ObservationRequest For(ClanCase clanCase) => new(clanCase);
}
