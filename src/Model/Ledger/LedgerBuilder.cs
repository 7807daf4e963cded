using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Ledger;

/// <summary>
/// Builds the <see cref="Ledger"/> from checked cases and what shrinking and bisection found.
/// Cause keys (<see cref="CauseKeys"/>) are symptoms of behaviours; keys are merged into one cause by
/// three rules, in this order, each documented in docs/model.md ("Causes"):
/// <list type="number">
/// <item><see cref="MergeRule.SameCases"/>: the same cases — two or more — show both, and neither's
/// shrunk case lost the other (shrinking did not tell them apart). One case proves no link: a large
/// case shows several behaviours at once.</item>
/// <item><see cref="MergeRule.Inseparable"/>: each one's shrunk case shows the other, and at least one
/// of them was shrunk (<see cref="ShrinkEvidence.Shrunk"/>): shrinking, free to lose the other key,
/// kept it. Two representatives never shrunk are cases as found, and show together what a large
/// case happens to hold.</item>
/// <item><see cref="MergeRule.SameTrigger"/>: the causes share a trigger — an ingredient whose
/// removal makes both sides agree on every field of the cause while one side stays as it was, the
/// same side for both (<see cref="Triggers"/>).</item>
/// </list>
/// Keys whose bisections named different first bad commits are never merged: one commit, one
/// section; two commits are two changes however alike they look.
/// </summary>
public static class LedgerBuilder
{
    public static Ledger Build(IReadOnlyList<CheckedCase> cases, IReadOnlyDictionary<CauseKey, ShrinkEvidence>? shrunk = null,
        IReadOnlyDictionary<CauseKey, CommitEvidence>? commits = null)
    {
        shrunk ??= new Dictionary<CauseKey, ShrinkEvidence>();
        commits ??= new Dictionary<CauseKey, CommitEvidence>();
        var casesOf = new SortedDictionary<CauseKey, SortedSet<string>>();
        var symptomsOf = new Dictionary<CauseKey, Dictionary<Symptom, SortedSet<string>>>();
        foreach (var c in cases)
        foreach (var (key, symptoms) in c.Causes)
        {
            if (!casesOf.TryGetValue(key, out var ids)) casesOf[key] = ids = new SortedSet<string>(StringComparer.Ordinal);
            ids.Add(c.Id);
            if (!symptomsOf.TryGetValue(key, out var bySymptom)) symptomsOf[key] = bySymptom = [];
            foreach (var symptom in symptoms)
            {
                if (!bySymptom.TryGetValue(symptom, out var s)) bySymptom[symptom] = s = new SortedSet<string>(StringComparer.Ordinal);
                s.Add(c.Id);
            }
        }
        var keys = casesOf.Keys.ToList();
        var groups = new Groups(keys, key => commits.TryGetValue(key, out var e) ? e.FirstBad?.Hash : null);

        // 1. The same cases, not told apart by shrinking. Keys seen in one case only are not linked by
        // it: on another seed each shows in cases of its own (measured at fb7d2a7c5: a role-membership
        // change shared its only case with a machine-args change on two seeds and had five cases of
        // its own on a third).
        foreach (var same in keys.GroupBy(k => string.Join(",", casesOf[k])).Where(g => g.Count() > 1 && casesOf[g.First()].Count >= MinimumSameCases))
        {
            var members = same.ToList();
            for (var i = 1; i < members.Count; i++)
                if (!Separated(members[0], members[i], shrunk))
                    groups.Union(members[0], members[i], MergeRule.SameCases);
        }
        // 2. Each one's shrunk case shows the other.
        foreach (var (x, y) in Pairs(keys))
            if (shrunk.TryGetValue(x, out var sx) && shrunk.TryGetValue(y, out var sy) && (sx.Shrunk || sy.Shrunk) && sx.Minimal.Shows(y) && sy.Minimal.Shows(x))
                groups.Union(x, y, MergeRule.Inseparable);
        // 3. The same trigger.
        var triggers = keys.ToDictionary(k => k, k => shrunk.TryGetValue(k, out var s) ? Triggers(s) : []);
        foreach (var (x, y) in Pairs(keys))
            if (triggers[x].Overlaps(triggers[y]))
                groups.Union(x, y, MergeRule.SameTrigger);

        var representatives = keys.ToDictionary(k => k, k => Representative(cases, k));
        var merged = groups.Sets().Select(members =>
        {
            // A cost change that comes with value changes is their consequence (the values say what
            // changed; the counters say what it costs): values lead when the cases are the same.
            var lead = members.OrderByDescending(k => casesOf[k].Count).ThenBy(k => k is ChangeKey { Place.Aspect: Causes.Aspect.Cost }).ThenBy(k => k).First();
            var edges = groups.TreeFrom(lead);
            var symptoms = members.SelectMany(k => symptomsOf[k]).GroupBy(kv => kv.Key)
                .Select(g => new SymptomCount(g.Key, g.SelectMany(kv => kv.Value).Distinct().Count()))
                .OrderByDescending(s => s.Cases).ThenBy(s => s.Symptom).ToList();
            var evidence = members.Select(k => commits.GetValueOrDefault(k)).OfType<CommitEvidence>().ToList();
            return new LedgerCause(lead,
                [new CauseMember(lead, casesOf[lead].Count), .. members.Where(k => k != lead).OrderByDescending(k => casesOf[k].Count).ThenBy(k => k)
                    .Select(k => new CauseMember(k, casesOf[k].Count, edges[k].Rule, edges[k].With))],
                symptoms,
                members.SelectMany(k => casesOf[k]).Distinct().Order(StringComparer.Ordinal).ToList(),
                representatives[lead])
            {
                FirstBad = evidence.Select(e => e.FirstBad).FirstOrDefault(f => f is not null),
                Bisection = evidence.Any(e => e.FirstBad is not null) ? null
                    : (commits.GetValueOrDefault(lead) ?? evidence.FirstOrDefault())?.Note,
            };
        }).OrderByDescending(c => c.Cases.Count).ThenBy(c => c.Key).ToList();

        var byCommit = merged.Where(c => c.FirstBad is not null).GroupBy(c => c.FirstBad!.Hash)
            .Select(g => new CommitGroup(g.First().FirstBad!, g.Select(c => c.Key).ToList()))
            .OrderBy(g => g.Commit.Date).ThenBy(g => g.Commit.Hash, StringComparer.Ordinal).ToList();
        return new Ledger(merged, byCommit);
    }

    /// <summary>The fewest cases two keys must share for <see cref="MergeRule.SameCases"/>.</summary>
    public const int MinimumSameCases = 2;

    /// <summary>
    /// The triggers of a cause: the ingredients (<see cref="Trigger"/>) of the reductions of its
    /// minimal case that explain it — every field of the cause is still observed, agrees now, and
    /// one side stayed as it was: the expectation (the tested side moved: what the change made
    /// matter to the tested revision) or the tested side (the expectation moved: what the tested
    /// revision ignores and the expectation does not). Reductions are the one-step ones of a
    /// shrinking fixpoint and any trigger tests; none, no trigger. A reduction that names no
    /// ingredient (<see cref="ReductionLabel.NamesIngredient"/>: two parts changed, or every machine
    /// or instance taken away) is no trigger.
    /// </summary>
    public static HashSet<Trigger> Triggers(ShrinkEvidence evidence)
    {
        var triggers = new HashSet<Trigger>();
        var minimal = evidence.Minimal;
        var fields = CauseKeys.FieldsOf(minimal.Case, minimal.Failing, evidence.Cause);
        if (fields.Count == 0) return triggers;
        foreach (var reduction in evidence.Reductions.Where(r => ReductionLabel.NamesIngredient(r.Label)))
        {
            var after = reduction.Fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First());
            var gone = fields.Where(f => Absent(f, reduction)).ToList();
            var kept = fields.Except(gone).ToList();
            if (!kept.All(f => after.TryGetValue(f.Key, out var n) && !n.Counts)) continue;
            if (gone.Count == 0 && kept.All(f => SameExpectation(f.Key, f.Expected, after[f.Key].Expected))) triggers.Add(new Trigger(reduction.Label, TriggerSide.Tested));
            else if (kept.All(f => SameObservation(f.Key, f.Actual, after[f.Key].Actual))) triggers.Add(new Trigger(reduction.Label, TriggerSide.Expected));
        }
        return triggers;
    }

    /// <summary>
    /// A field that agrees after the reduction by being absent on both sides: the tested side had
    /// nothing there to read (the harness's lookup missed: a machine clan-core does not make a
    /// member), and the reduced case no longer has the field although everything it names is still
    /// in it (<see cref="Reduction.Dissolved"/>: the model no longer makes the machine a member either).
    /// The expectation moved to what the tested side shows. Without this, every field of a member
    /// clan-core dropped was "no longer observed" after any reduction that explains the drop, and a
    /// one-line fault in role membership (resolveTags ignoring tags) stayed six causes (measured).
    /// </summary>
    public static bool Absent(FieldComparison field, Reduction reduction) => AgreesByAbsence(field.Actual, reduction.Dissolved.Contains(field.Key));

    /// <summary>The rule of <see cref="Absent"/>, also for a reduction not yet checked (a trigger hypothesis): the tested side found nothing to read, and the field dissolved.</summary>
    public static bool AgreesByAbsence(Observed? actual, bool dissolved) => dissolved && actual is ObservedError { IsLookupMiss: true };

    private static bool SameExpectation(FieldKey key, Outcome a, Outcome b) => (a, b) switch
    {
        (ValueOutcome x, ValueOutcome y) => Canonical.Equal(key, x.Expected, y.Expected),
        (ErrorOutcome x, ErrorOutcome y) => x.Error.Kind == y.Error.Kind && x.Error.KeyText == y.Error.KeyText,
        _ => false,
    };

    private static bool SameObservation(FieldKey key, Observed? a, Observed? b) => (a, b) switch
    {
        (ObservedValue x, ObservedValue y) => Canonical.Equal(key, x.Value, y.Value),
        (ObservedError x, ObservedError y) => x.Kind == y.Kind && ErrorText.Headline(x.Message) == ErrorText.Headline(y.Message),
        _ => false,
    };

    private static bool Separated(CauseKey x, CauseKey y, IReadOnlyDictionary<CauseKey, ShrinkEvidence> shrunk) =>
        shrunk.TryGetValue(x, out var sx) && !sx.Minimal.Shows(y) || shrunk.TryGetValue(y, out var sy) && !sy.Minimal.Shows(x);

    private static IEnumerable<(CauseKey, CauseKey)> Pairs(IReadOnlyList<CauseKey> keys)
    {
        for (var i = 0; i < keys.Count; i++)
            for (var j = i + 1; j < keys.Count; j++)
                yield return (keys[i], keys[j]);
    }

    /// <summary>The case that represents a key: the one showing it with the fewest other causes, then the cheapest, then the smallest.</summary>
    public static string Representative(IEnumerable<CheckedCase> cases, CauseKey key) => cases.Where(c => c.Shows(key))
        .OrderBy(c => c.Causes.Count)
        .ThenBy(c => ObservationPlan.MachineEvaluations(c.Case))
        .ThenBy(c => Cases.CaseJson.Structure(c.Case).Length)
        .ThenBy(c => c.Id, StringComparer.Ordinal)
        .First().Id;

    /// <summary>Union-find over keys, refusing a union that would put two first bad commits in one group, remembering why each union happened.</summary>
    private sealed class Groups
    {
        private readonly Dictionary<CauseKey, CauseKey> _parent;
        private readonly Dictionary<CauseKey, HashSet<string>> _commits;
        private readonly List<(CauseKey A, CauseKey B, MergeRule Rule)> _edges = [];

        public Groups(IEnumerable<CauseKey> keys, Func<CauseKey, string?> commitOf)
        {
            _parent = keys.ToDictionary(k => k, k => k);
            _commits = _parent.Keys.ToDictionary(k => k, k => commitOf(k) is { } c ? new HashSet<string> { c } : new HashSet<string>());
        }

        private CauseKey Find(CauseKey k) => _parent[k] == k ? k : _parent[k] = Find(_parent[k]);

        public void Union(CauseKey a, CauseKey b, MergeRule rule)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra == rb) return;
            var commits = _commits[ra].Union(_commits[rb]).ToHashSet();
            if (commits.Count > 1) return;
            _parent[rb] = ra;
            _commits[ra] = commits;
            _edges.Add((a, b, rule));
        }

        public IEnumerable<List<CauseKey>> Sets() => _parent.Keys.GroupBy(Find).Select(g => g.ToList());

        /// <summary>For every key of the lead's group but the lead: the rule and the key it was merged with, on the path from the lead.</summary>
        public Dictionary<CauseKey, (MergeRule Rule, CauseKey With)> TreeFrom(CauseKey lead)
        {
            var tree = new Dictionary<CauseKey, (MergeRule, CauseKey)>();
            var seen = new HashSet<CauseKey> { lead };
            var queue = new Queue<CauseKey>([lead]);
            while (queue.Count > 0)
            {
                var k = queue.Dequeue();
                foreach (var (a, b, rule) in _edges)
                {
                    var other = a == k ? b : b == k ? a : null;
                    if (other is null || !seen.Add(other)) continue;
                    tree[other] = (rule, k);
                    queue.Enqueue(other);
                }
            }
            return tree;
        }
    }
}
