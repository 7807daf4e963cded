using Conformance.Model.Cases;
using Conformance.Model.Services;

namespace Conformance.Model.Observations;

/// <summary>
/// Which fields a case observes — decided by the case alone, never by a prediction, so that the
/// same plan serves a check against the model and a comparison of two revisions (where there is no
/// model). The oracle predicts exactly these keys.
/// </summary>
public static class ObservationPlan
{
    /// <summary>Fields read from each <c>clanInternals.machines.&lt;system&gt;.&lt;m&gt;</c>: the ones overridePkgs can change (<see cref="MachineField.InInternals"/>).</summary>
    public static IReadOnlyList<MachineField> InternalsFields => MachineField.Internals;

    /// <summary>The case's inspected systems that clanInternals.machines has (clan's supportedSystems); none when the case evaluates no machine.</summary>
    public static IEnumerable<string> InspectedSystems(ClanCase clanCase) =>
        EvaluatesMachines(clanCase) ? clanCase.InspectSystems.Where(Systems.ClanSupported.Contains).Distinct() : [];

    /// <summary>Whether the case observes machine evaluations (cfg/sys fields): not in the services-only shape.</summary>
    public static bool EvaluatesMachines(ClanCase clanCase) => clanCase.Shape == ObservationShape.Full;

    /// <summary>Systems whose pkgsForSystem calls are counted: every system clan or flake-parts knows.</summary>
    public static IEnumerable<string> CountedSystems(ClanCase clanCase) => Systems.ClanSupported.Union(clanCase.FlakeSystems);

    /// <summary>Every field the case observes, in key order.</summary>
    public static IReadOnlyList<FieldKey> Fields(ClanCase clanCase)
    {
        var keys = new SortedSet<FieldKey>(Evaluated(clanCase));
        foreach (var key in FromStderr(clanCase)) keys.Add(key);
        foreach (var key in CostFields.Keys(clanCase)) keys.Add(key);
        return keys.ToList();
    }

    /// <summary>Fields whose value Nix evaluates (everything but the stderr-derived and the cost ones).</summary>
    public static IEnumerable<FieldKey> Evaluated(ClanCase clanCase)
    {
        foreach (var field in ClanField.All) yield return FieldKey.Clan(field);
        foreach (var key in ServicePlan.Keys(clanCase)) yield return key;
        if (!EvaluatesMachines(clanCase)) yield break;
        var inspected = InspectedSystems(clanCase).ToList();
        foreach (var machine in clanCase.Machines)
        {
            foreach (var field in MachineField.All) yield return FieldKey.Configuration(machine.Name, field);
            foreach (var system in inspected)
                foreach (var field in InternalsFields) yield return FieldKey.Internals(system, machine.Name, field);
        }
    }

    /// <summary>
    /// Fields read from stderr: pkgsForSystem calls per phase and system (only when the case traces
    /// a pkgsForSystem), and the role-tag warnings.
    /// </summary>
    public static IEnumerable<FieldKey> FromStderr(ClanCase clanCase)
    {
        if (clanCase.PkgsForSystem.Mode != PkgsForSystemMode.Unset)
            foreach (var system in CountedSystems(clanCase))
            {
                yield return FieldKey.PkgsForSystemCalls(Scope.Configuration, system);
                yield return FieldKey.PkgsForSystemCalls(Scope.Internals, system);
            }
        yield return FieldKey.Warnings();
        if (clanCase.Services.Count > 0 || clanCase.InputServices.Count > 0) yield return FieldKey.ServiceWarnings();
        if (EvaluatesMachines(clanCase)) yield return FieldKey.CoreWarnings();
        // Only a clan that sets the deprecated clan.meta.tld can hear about it.
        if (clanCase.Meta?.Tld is not null) yield return FieldKey.MetaWarnings();
    }

    /// <summary>Machine evaluations observing the case costs: every machine's configuration plus one copy per inspected system (none in the services-only shape).</summary>
    public static int MachineEvaluations(ClanCase clanCase) =>
        EvaluatesMachines(clanCase) ? clanCase.Machines.Count * (1 + InspectedSystems(clanCase).Count()) : 0;
}
