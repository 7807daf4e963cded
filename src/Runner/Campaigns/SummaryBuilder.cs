using Conformance.Generators;
using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Ledger;
using Conformance.Model.Observations;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Campaigns;

/// <summary>One distinct set of disagreeing fields (a fingerprint): the first case that showed it, and every case that did.</summary>
internal sealed record FingerprintSummary(string Fingerprint, CheckedCase First, IReadOnlyList<string> Cases);

/// <summary>Turns a campaign's results, ledger and triage into its <see cref="CampaignSummary"/> (pure: no I/O).</summary>
internal static class SummaryBuilder
{
    public static CampaignSummary Build(CampaignSettings settings, string expectation, int requested, IReadOnlyList<CaseResult> results, Ledger ledger,
        IReadOnlyList<TriagedCause> triaged, IReadOnlyList<FingerprintSummary> fingerprints, StopReason stop, Timings timings)
    {
        var focus = settings.Focus;
        var properties = new SortedDictionary<string, PropertyCount>(StringComparer.Ordinal);
        foreach (var area in Enum.GetValues<FocusArea>().Where(a => focus.Count == 0 || focus.Contains(a)))
        {
            var inArea = results.Select(r => r.Verdict.Fields.Where(f => FocusAreas.Of(f.Key, f.Expected, f.Actual).Contains(area)).ToList()).ToList();
            properties[FocusAreas.Name(area)] = new PropertyCount(
                inArea.Count(fields => fields.Count > 0 && fields.All(f => !f.Counts)),
                inArea.Count(fields => fields.Any(f => f.Counts)),
                inArea.Sum(fields => fields.Count));
        }
        var failing = results.Count(r => settings.Failing(r.Verdict).Count > 0);
        var byCause = triaged.ToDictionary(t => t.Cause);
        string Relative(string fingerprint) => Path.GetRelativePath(settings.OutDirectory, FailureCorpus.DirectoryFor(settings.OutDirectory, fingerprint));
        var causes = ledger.Causes.Select(c =>
        {
            // The triage shown is the lead's, unless a trigger test explained the lead: then the member that was shrunk.
            var lead = c.Members.Select(m => byCause.GetValueOrDefault(m.Key)).OfType<TriagedCause>().OrderBy(t => t.ExplainedBy is not null).FirstOrDefault();
            var example = lead?.Minimal.Verdict is { } v ? settings.Failing(v) : null;
            var fingerprint = example is not null ? Fingerprint.Of(example)
                : fingerprints.FirstOrDefault(f => f.Cases.Contains(c.Representative))?.Fingerprint;
            var checks = lead?.Checks ?? [];
            return new CauseSummary(c.Key.Text, CauseTitles.Title(c.Key, c.Symptoms.Select(s => s.Symptom), expectation), c.Cases.Count)
            {
                Symptoms = c.Symptoms.Select(s => new SymptomSummary(s.Symptom.Text, s.Cases)).ToList(),
                Members = c.Members.Skip(1).Select(m => new MemberSummary(m.Key.Text, m.Cases, m.Rule is { } r ? MergeRules.Name(r) : null, m.With?.Text)).ToList(),
                Fingerprint = fingerprint,
                Directory = fingerprint is null ? null : Relative(fingerprint),
                ShrinkSteps = lead?.Steps ?? 0,
                ShrinkComplete = lead?.Fixpoint ?? false,
                MinimalMachines = (lead?.Minimal ?? results.First(r => r.Case.Id == c.Representative)).Case.Machines.Count,
                ReportChecks = checks.Count,
                ReportChecksReproducing = checks.Count(k => k.AsReported),
                Upstream = lead?.Upstream is not null,
                Known = c.Members.Any(m => settings.KnownCauses.Contains(m.Key)),
                FirstBadCommit = c.FirstBad,
                Bisection = c.Bisection,
                Cut = c.Members.SelectMany(m => byCause.GetValueOrDefault(m.Key)?.Cut.Select(x => $"{m.Key.Text}: {x}") ?? []).ToList(),
                Examples = c.Cases.Take(20).ToList(),
            };
        }).ToList();
        var untriaged = ledger.Causes.SelectMany(c => c.Members).Where(m => !byCause.ContainsKey(m.Key) && settings.Shrink && !stop.Stopped
            && (settings.ShrinkKnownCauses || !settings.KnownCauses.Contains(m.Key))).Select(m => $"{m.Key.Text}: not triaged").ToList();
        return new CampaignSummary
        {
            Kind = settings.Kind,
            Seed = settings.Seed,
            Size = settings.Size,
            Shard = settings.Shard,
            CasesRequested = requested,
            CasesRun = results.Count,
            CasesConforming = results.Count - failing,
            CasesFailing = failing,
            Interrupted = stop.Stopped,
            InfrastructureFailure = stop.InfrastructureFailure,
            Focus = focus.Select(FocusAreas.Name).ToList(),
            Generator = settings.Generator,
            Expectation = expectation,
            Versions = settings.Versions,
            BaseVersions = settings.BaseVersions,
            Causes = causes,
            Commits = ledger.Commits.Select(g => new CommitSummary(g.Commit, g.Causes.Select(k => k.Text).ToList())).ToList(),
            BudgetCuts = [.. causes.SelectMany(c => c.Cut), .. untriaged],
            Properties = properties,
            KnownDeviations = Count(results.SelectMany(r => r.Verdict.Deviations.Select(d => d.KnownDeviation!))),
            DisappearedDeviations = Count(results.SelectMany(r => r.Verdict.DisappearedDeviations.Select(d => d.DeviationDisappeared!))),
            Classification = Count(results.SelectMany(r => CaseClassifier.Labels(r.Case, settings.Kind == "diff" ? null : r.Expected))),
            Failures = fingerprints.OrderBy(f => f.Fingerprint, StringComparer.Ordinal).Select(f => new FailureSummary(
                f.Fingerprint, Fingerprint.Tokens(f.First.Failing), f.Cases.Distinct().Order(StringComparer.Ordinal).ToList(), Relative(f.Fingerprint))
            {
                Causes = f.First.Causes.Keys.Select(k => k.Text).ToList(),
                IsNew = !settings.SeenBefore.Contains(f.Fingerprint),
            }).ToList(),
            UnobservedFields = results.Sum(r => r.Verdict.Unobserved.Count),
            HarnessFaults = results.Where(r => r.Verdict.Faults.Count > 0).OrderBy(r => r.Case.Id, StringComparer.Ordinal)
                .ToDictionary(r => r.Case.Id, r => $"{r.Verdict.Faults.Count} field(s): {r.Verdict.Faults.Values.First()}"),
            Timings = timings,
            Cost = CostRow.Of(results),
        };
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string> items)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items) counts[item] = counts.GetValueOrDefault(item) + 1;
        return counts;
    }
}
