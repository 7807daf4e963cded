using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Causes;

/// <summary>
/// Derives a case's causes from its disagreements, each with the symptoms it shows there.
/// <list type="number">
/// <item>An error is one cause wherever it shows: a field that now fails (or fails differently)
/// belongs to <c>error:&lt;Kind&gt;:&lt;line&gt;</c> (<see cref="ErrorKeyText"/>), a field whose expected
/// error no longer happens to <c>error-gone:…</c>. A machine that does not evaluate takes down every
/// aspect of it, and the whole clan every field: one cause, whose symptoms list what it took down.</item>
/// <item>Values that differ are one cause per scope and aspect (<c>cfg/nixpkgs:value-&gt;value</c>): a
/// change upstream usually moves several fields of one aspect at once. A known deviation that is
/// gone is such a change (its symptom says so); a value that could not be read is <c>value-&gt;missing</c>.</item>
/// <item>A pkgsForSystem count of the clanInternals phase that differs because the configurations'
/// count for the same system differs is a consequence, not a cause (pkgsFor is bound once).</item>
/// </list>
/// </summary>
public static class CauseKeys
{
    /// <summary>The causes of <paramref name="disagreements"/> (a case's counting fields, possibly restricted to a focus), each with its symptoms in the case.</summary>
    public static IReadOnlyDictionary<CauseKey, IReadOnlySet<Symptom>> Of(ClanCase clanCase, IEnumerable<FieldComparison> disagreements)
    {
        var causes = new SortedDictionary<CauseKey, SortedSet<Symptom>>();
        foreach (var field in Relevant(disagreements))
        {
            var key = For(clanCase, field);
            if (!causes.TryGetValue(key, out var symptoms)) causes[key] = symptoms = [];
            symptoms.Add(SymptomOf(field));
        }
        return causes.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<Symptom>)kv.Value);
    }

    /// <summary>The cause keys alone.</summary>
    public static IReadOnlySet<CauseKey> KeysOf(ClanCase clanCase, IEnumerable<FieldComparison> disagreements) =>
        new SortedSet<CauseKey>(Of(clanCase, disagreements).Keys);

    /// <summary>The causes of a whole verdict's counting disagreements.</summary>
    public static IReadOnlySet<CauseKey> KeysOf(ClanCase clanCase, CaseVerdict verdict) => KeysOf(clanCase, verdict.Disagreements);

    /// <summary>The fields among <paramref name="disagreements"/> that show <paramref name="cause"/>.</summary>
    public static IReadOnlyList<FieldComparison> FieldsOf(ClanCase clanCase, IEnumerable<FieldComparison> disagreements, CauseKey cause) =>
        Relevant(disagreements).Where(f => For(clanCase, f) == cause).ToList();

    /// <summary>The cause one disagreeing field shows.</summary>
    public static CauseKey For(ClanCase clanCase, FieldComparison f)
    {
        var place = Place(f.Key);
        if (CostChange(f) is { } cost) return new ChangeKey(place with { Transition = cost.Direction });
        if (f.UnlistedDeviation is { } unlisted) return new ChangeKey(place with { Transition = ChangeKey.UnlistedDeviation + unlisted });
        if (f.DeviationDisappeared is not null) return new ChangeKey(place with { Transition = ChangeKey.ValueToValue });
        return (f.Expected, f.Actual) switch
        {
            (_, null) => new ChangeKey(place with { Transition = ChangeKey.ValueToMissing }),
            (_, ObservedError e) => new ErrorKey(e.Kind, ErrorKeyText.Of(e.Message, clanCase)),
            (ErrorOutcome e, _) => new ErrorKey(e.Error.Kind, ErrorKeyText.Of(e.Error.KeyText, clanCase), Gone: true),
            _ => new ChangeKey(place with { Transition = ChangeKey.ValueToValue }),
        };
    }

    /// <summary>Where, what and how one field moved.</summary>
    public static Symptom SymptomOf(FieldComparison f) => Place(f.Key) with { Transition = Transition(f) };

    /// <summary>How one field moved from what was expected to what was observed.</summary>
    public static string Transition(FieldComparison f)
    {
        if (f.DeviationDisappeared is { } gone) return "deviation-gone:" + gone;
        if (CostChange(f) is { } cost) return cost.Measured;
        if (f.UnlistedDeviation is { } unlisted) return ChangeKey.UnlistedDeviation + unlisted;
        return (f.Expected, f.Actual) switch
        {
            (_, null) => ChangeKey.ValueToMissing,
            (ValueOutcome, ObservedError e) => $"value->error:{e.Kind}",
            (ErrorOutcome e, ObservedValue) => $"error:{e.Error.Kind}->value",
            (ErrorOutcome e, ObservedError a) when e.Error.Kind == a.Kind => $"error:{a.Kind}->changed-message",
            (ErrorOutcome e, ObservedError a) => $"error:{e.Error.Kind}->error:{a.Kind}",
            _ => ChangeKey.ValueToValue,
        };
    }

    /// <summary>
    /// The disagreements that are causes of their own: pkgsFor is bound once, so the copies only
    /// call pkgsForSystem for a system the configurations did not. When the configurations' count
    /// for a system differs, the copies' count for it differs as a consequence (the call moved).
    /// </summary>
    /// <para>
    /// A cost change moves several counters of a path at once (an extra nixpkgs instance adds thunks,
    /// calls, environments, values and sets): the path's cause is its headline counter — instances
    /// if they moved, else the first counter in <see cref="CostCounter"/> order — and the others are
    /// its consequences, like the copies' pkgsForSystem count.
    /// </para>
    private static List<FieldComparison> Relevant(IEnumerable<FieldComparison> disagreements)
    {
        var list = disagreements.ToList();
        var movedSystems = list.Where(f => f.Key.IsPkgsForSystemCalls && f.Key.Phase == Scope.Configuration).Select(f => f.Key.System).ToHashSet();
        list.RemoveAll(f => f.Key.IsPkgsForSystemCalls && f.Key.Phase == Scope.Internals && movedSystems.Contains(f.Key.System));
        var headlines = list.Where(f => CostChange(f) is not null).GroupBy(f => f.Key.CostPath)
            .Select(g => g.OrderBy(f => f.Key.Counter).ThenBy(f => f.Key).First()).ToHashSet();
        list.RemoveAll(f => CostChange(f) is not null && !headlines.Contains(f));
        return list;
    }

    /// <summary>
    /// For a cost counter that moved: the key's transition (<c>thunks+</c>: which counter, which
    /// direction — stable across seeds) and the measured change for symptoms (<c>thunks+38%</c>).
    /// </summary>
    private static (string Direction, string Measured)? CostChange(FieldComparison f)
    {
        if (f.Key.Counter is not { } counter || f.Expected is not ValueOutcome { Expected: var e } || f.Actual is not ObservedValue { Value: var a }
            || !CostFields.TryCount(e, out var expected) || !CostFields.TryCount(a, out var actual)) return null;
        var name = CostFields.Name(counter);
        return (name + (actual >= expected ? "+" : "-"), name + CostFields.Change(counter, expected, actual));
    }

    /// <summary>Scope and aspect of a field (a pkgsForSystem count belongs to its phase's scope); the transition is filled in by the caller.</summary>
    private static Symptom Place(FieldKey key) => new((key.Phase ?? key.Scope) switch
    {
        Scope.Configuration => "cfg",
        Scope.Internals => "sys",
        Scope.Service => "svc",
        _ => "clan",
    }, Aspects.Of(key), "");
}
