using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Causes;

/// <summary>
/// Derives cause keys from a case's disagreements (Hypothesis' notion of a distinct failure: its
/// origin, not the shape of the input that found it).
/// <list type="number">
/// <item>Disagreements are grouped by evaluation unit: one machine evaluation (cfg or sys), the
/// clan outputs, or one phase of pkgsForSystem calls.</item>
/// <item>A unit whose every field that should have a value fails with one error kind failed as a
/// whole (and one whose every field that should fail with one kind now evaluates, recovered as a
/// whole). On NixOS that is what a package set that cannot be built does (option types need pkgs:
/// finding 11), so a whole-unit change is keyed by its first aspect, which is the package set for
/// machine evaluations: a NixOS machine failing entirely and a nix-darwin machine failing only in
/// its pkgs fields are one cause.</item>
/// <item>A pkgsForSystem count of the clanInternals phase that differs because the configurations'
/// count for the same system differs is a consequence, not a cause (pkgsFor is bound once).</item>
/// <item>Otherwise each aspect of the unit gives one key, with its strongest transition: a
/// deviation gone, then an unlisted deviation, a new error, an error gone, a different error, a
/// missing observation, then a different value.</item>
/// </list>
/// </summary>
public static class CauseKeys
{
    /// <summary>The causes of <paramref name="disagreements"/> (the counting fields of <paramref name="verdict"/>, possibly restricted to a focus).</summary>
    public static IReadOnlySet<CauseKey> Of(CaseVerdict verdict, IEnumerable<FieldComparison> disagreements)
    {
        var keys = new SortedSet<CauseKey>();
        var list = disagreements.ToList();
        if (WholeClanFailure(verdict, list) is { } whole) return new SortedSet<CauseKey> { whole };
        // pkgsFor is bound once: the copies only call pkgsForSystem for a system the configurations
        // did not. When the configurations' count for a system differs, the copies' count for it
        // differs as a consequence (the call moved); it is not a cause of its own.
        var movedSystems = list.Where(f => f.Key.Phase == Scope.Configuration).Select(f => f.Key.System).ToHashSet();
        list.RemoveAll(f => f.Key.Phase == Scope.Internals && movedSystems.Contains(f.Key.System));
        foreach (var unit in list.GroupBy(f => Unit(f.Key)))
        {
            var failing = unit.ToList();
            var scope = ScopeLabel(failing[0].Key);
            if (WholeUnitFailure(verdict, unit.Key, failing) is { } transition)
            {
                keys.Add(new CauseKey(scope, failing.Select(f => Aspects.Of(f.Key)).Min(), transition));
                continue;
            }
            foreach (var aspect in failing.GroupBy(f => Aspects.Of(f.Key)))
                keys.Add(new CauseKey(scope, aspect.Key, aspect.Select(Transition).OrderBy(Rank).ThenBy(t => t, StringComparer.Ordinal).First()));
        }
        return keys;
    }

    /// <summary>The causes of a whole verdict's counting disagreements.</summary>
    public static IReadOnlySet<CauseKey> Of(CaseVerdict verdict) => Of(verdict, verdict.Disagreements);

    /// <summary>How one field moved from what was expected to what was observed.</summary>
    public static string Transition(FieldComparison f)
    {
        if (f.DeviationDisappeared is { } gone) return "deviation-gone:" + gone;
        if (f.UnlistedDeviation is { } unlisted) return "deviation-unlisted:" + unlisted;
        return (f.Expected, f.Actual) switch
        {
            (_, null) => "value->missing",
            (ValueOutcome, ObservedError e) => $"value->error:{e.Kind}",
            (ErrorOutcome e, ObservedValue) => $"error:{e.Error.Kind}->value",
            (ErrorOutcome e, ObservedError a) when e.Error.Kind == a.Kind => $"error:{a.Kind}->changed-message",
            (ErrorOutcome e, ObservedError a) => $"error:{e.Error.Kind}->error:{a.Kind}",
            _ => "value->value",
        };
    }

    private static int Rank(string transition) => transition switch
    {
        _ when transition.StartsWith("deviation-gone:", StringComparison.Ordinal) => 0,
        _ when transition.StartsWith("deviation-unlisted:", StringComparison.Ordinal) => 1,
        _ when transition.StartsWith("value->error:", StringComparison.Ordinal) => 2,
        _ when transition.StartsWith("error:", StringComparison.Ordinal) && transition.EndsWith("->value", StringComparison.Ordinal) => 3,
        _ when transition.StartsWith("error:", StringComparison.Ordinal) => 4,
        "value->missing" => 5,
        _ => 6,
    };

    /// <summary>
    /// The transition of a unit that changed as a whole: every field that moved moved the same way,
    /// across more than one aspect, and one side is an error — a machine that now fails entirely, or
    /// one that failed entirely and now evaluates. (Fields that stay as they were, e.g. an option
    /// that conflicts on both sides, do not make it less whole.)
    /// </summary>
    private static string? WholeUnitFailure(CaseVerdict verdict, (Scope, string?, string?) unit, IReadOnlyList<FieldComparison> failing)
    {
        if (unit.Item1 is not (Scope.Configuration or Scope.Internals)) return null;
        var transitions = failing.Select(Transition).Distinct().ToList();
        if (transitions.Count != 1 || !transitions[0].Contains("error:", StringComparison.Ordinal)) return null;
        return failing.Select(f => Aspects.Of(f.Key)).Distinct().Count() >= 2 ? transitions[0] : null;
    }

    /// <summary>
    /// Every field of the case fails with one and the same error (kind and first line): the clan
    /// does not evaluate at all (a broken flake module, a missing input) — or it did not under the
    /// expectation and does now. One cause, whatever the fields: <c>clan/evaluation:&lt;strongest transition&gt;</c>.
    /// </summary>
    private static CauseKey? WholeClanFailure(CaseVerdict verdict, IReadOnlyList<FieldComparison> failing)
    {
        var evaluated = verdict.Fields.Where(f => f.Key.Scope != Scope.Stderr).ToList();
        // The clan's own outputs fail too, not only its machines.
        if (failing.Count == 0 || evaluated.Count < 2 || !evaluated.Any(f => f.Key.Scope == Scope.Clan)) return null;
        var actual = evaluated.Select(f => f.Actual is ObservedError e ? $"{e.Kind}:{ErrorText.Headline(e.Message)}" : null).Distinct().ToList();
        var expected = evaluated.Select(f => f.Expected is ErrorOutcome e ? $"{e.Error.Kind}:{e.Error.KeyText}" : null).Distinct().ToList();
        // Broken now (every field the same error), or broken before and evaluating now.
        var whole = actual is [not null] || expected is [not null];
        return whole ? new CauseKey("clan", Aspect.Evaluation, failing.Select(Transition).OrderBy(Rank).ThenBy(t => t, StringComparer.Ordinal).First()) : null;
    }

    private static string Side(Outcome expected) => expected is ErrorOutcome e ? $"error:{e.Error.Kind}" : "value";

    /// <summary>The evaluation a field belongs to: (scope, machine, system); pkgsForSystem counts belong to their phase.</summary>
    private static (Scope, string?, string?) Unit(FieldKey key) => key.Phase is { } phase
        ? (Scope.Stderr, phase.ToString(), key.System)
        : key.Scope == Scope.Stderr ? (Scope.Clan, null, null)
        // A service unit is one service evaluation (or, for the per-machine import list, all of them).
        : key.Scope == Scope.Service ? (Scope.Service, key.Service, null)
        : (key.Scope, key.Machine, key.System);

    private static string ScopeLabel(FieldKey key) => (key.Phase ?? key.Scope) switch
    {
        Scope.Configuration => "cfg",
        Scope.Internals => "sys",
        Scope.Service => "svc",
        _ => "clan",
    };
}
