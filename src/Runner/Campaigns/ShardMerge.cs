using Conformance.Model.Causes;
using Conformance.Model.Ledger;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// <c>merge</c>'s logic, pure: checks that the shards are the parts of one campaign, then rebuilds
/// its ledger from every shard's checked cases (results.jsonl) and shrink evidence (shrinks.jsonl) —
/// causes are merged across shards by all three rules, as one campaign would have merged them: the
/// cases that show them, and the shrunk cases and their reductions (<see cref="Evidence"/>). What
/// neither holds (report checks, upstream.md, first bad commits) is taken, per cause key, from the
/// shard summary that has it.
/// </summary>
internal static class ShardMerge
{
    /// <summary>Refuses shards that are not the parts of one campaign, naming what differs and the fix (a <see cref="UsageException"/>).</summary>
    public static void Check(IReadOnlyList<ShardOutput> shards)
    {
        if (shards.Count == 0) throw new UsageException("merge needs SHARD_DIR...: the --out directories of run --shard K/N, one per shard.");
        var first = shards[0];
        foreach (var s in shards.Skip(1))
        {
            Same(first, s, "seed", x => x.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Same(first, s, "kind (run or diff)", x => x.Kind);
            Same(first, s, "generator", x => x.Generator);
            Same(first, s, "size", x => x.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Same(first, s, "clan-core revision", x => x.Versions.ClanCore);
            Same(first, s, "base clan-core revision", x => x.BaseVersions?.ClanCore ?? "none");
            Same(first, s, "focus", x => string.Join(",", x.Focus));
        }
        if (shards.FirstOrDefault(s => s.Summary.Shard is null) is { } whole)
            throw new UsageException($"{whole.Directory} is not a shard (its summary.json has no shard): merge the --out directories of run --shard K/N.");
        var n = first.Summary.Shard!.N;
        if (shards.FirstOrDefault(s => s.Summary.Shard!.N != n) is { } other)
            throw new UsageException($"{first.Directory} is a shard of {n} but {other.Directory} is a shard of {other.Summary.Shard!.N}: merge the shards of one run, all with the same N.");
        foreach (var twice in shards.GroupBy(s => s.Summary.Shard!.K).Where(g => g.Count() > 1))
            throw new UsageException($"shard {twice.Key}/{n} is given twice ({string.Join(" and ", twice.Select(s => s.Directory))}): give each shard's directory once.");
        var missing = Enumerable.Range(1, n).Except(shards.Select(s => s.Summary.Shard!.K)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"shard(s) {string.Join(", ", missing.Select(k => $"{k}/{n}"))} missing: run them (same --seed and --cases) and give their directories too.");
    }

    private static void Same(ShardOutput first, ShardOutput other, string what, Func<CampaignSummary, string> of)
    {
        if (of(first.Summary) != of(other.Summary))
            throw new UsageException($"the shards disagree on {what}: '{of(first.Summary)}' in {first.Directory}, '{of(other.Summary)}' in {other.Directory}; " +
                                     "merge only the shards of one campaign (same command, --shard K/N apart).");
    }

    /// <param name="outDirectory">Where the merged campaign is written (failure directories are relative to it).</param>
    public static MergedCampaign Merge(IReadOnlyList<ShardOutput> shards, string outDirectory)
    {
        Check(shards);
        var first = shards[0].Summary;
        var results = shards.SelectMany(s => s.Results).OrderBy(r => r.Case.Id, StringComparer.Ordinal).ToList();
        var checkedCases = results.Select(r => r.ToChecked()).ToList();
        var shardCauses = shards.SelectMany(s => s.Summary.Causes).ToList();

        var shrinks = Evidence(checkedCases, shards.SelectMany(s => s.Shrinks).ToList());
        var ledger = LedgerBuilder.Build(checkedCases, shrinks.ToDictionary(kv => kv.Key, kv => kv.Value.ToEvidence()), CommitEvidence(shardCauses));
        var causes = ledger.Causes.Select(c => Cause(c, Triaged(c, shardCauses, shrinks), shardCauses, first.Expectation)).ToList();
        var failing = checkedCases.Count(c => c.Failing.Count > 0);
        var summary = new CampaignSummary
        {
            Kind = first.Kind,
            Seed = first.Seed,
            Size = first.Size,
            MergedShards = shards.Count,
            CasesRequested = shards.Sum(s => s.Summary.CasesRequested),
            CasesRun = results.Count,
            CasesConforming = results.Count - failing,
            CasesFailing = failing,
            Interrupted = shards.Any(s => s.Summary.Interrupted),
            InfrastructureFailure = shards.Select(s => s.Summary.InfrastructureFailure).FirstOrDefault(f => f is not null),
            Focus = first.Focus,
            Generator = first.Generator,
            Expectation = first.Expectation,
            Versions = first.Versions,
            BaseVersions = first.BaseVersions,
            Causes = causes,
            Commits = ledger.Commits.Select(g => new CommitSummary(g.Commit, g.Causes.Select(k => k.Text).ToList())).ToList(),
            BudgetCuts = shards.SelectMany(s => s.Summary.BudgetCuts).Distinct().ToList(),
            Properties = Sum(shards.Select(s => s.Summary.Properties), (a, b) => new PropertyCount(a.Passed + b.Passed, a.Failed + b.Failed, a.Fields + b.Fields)),
            KnownDeviations = Sum(shards.Select(s => s.Summary.KnownDeviations), (a, b) => a + b),
            DisappearedDeviations = Sum(shards.Select(s => s.Summary.DisappearedDeviations), (a, b) => a + b),
            Classification = Sum(shards.Select(s => s.Summary.Classification), (a, b) => a + b),
            Failures = Failures(shards, outDirectory),
            UnobservedFields = shards.Sum(s => s.Summary.UnobservedFields),
            // results.jsonl holds verdicts, not observations: the counters come from the shards' own tables (a case is in one shard).
            Cost = shards.SelectMany(s => s.Summary.Cost).OrderBy(r => r.Case, StringComparer.Ordinal).ThenBy(r => r.Unit, StringComparer.Ordinal).ToList(),
            HarnessFaults = new SortedDictionary<string, string>(shards.SelectMany(s => s.Summary.HarnessFaults).GroupBy(kv => kv.Key)
                .ToDictionary(g => g.Key, g => g.First().Value), StringComparer.Ordinal),
            Timings = Timings(shards.Select(s => s.Summary.Timings).ToList()),
        };
        return new MergedCampaign(summary, ledger, results) { Shrinks = shrinks.Values.ToList() };
    }

    /// <summary>
    /// Per cause key, the shrink evidence one campaign over every case would have had. That campaign
    /// shrinks the key's representative (<see cref="LedgerBuilder.Representative"/>, chosen by
    /// properties of each case alone), so the shard holding it chose it too and shrank the same case
    /// the same way (shrinking is deterministic): its evidence is the campaign's. When that shard's
    /// budget cut the key, another shard's evidence stands in — shrunk to a fixpoint first, then the
    /// most steps, then the smaller case — better evidence than none, though not what one campaign
    /// would have had. Keys in order, so merge writes shrinks.jsonl the same way every time.
    /// </summary>
    internal static SortedDictionary<CauseKey, ShrinkRecord> Evidence(IReadOnlyList<CheckedCase> cases, IReadOnlyList<ShrinkRecord> shards)
    {
        var evidence = new SortedDictionary<CauseKey, ShrinkRecord>();
        foreach (var byKey in shards.GroupBy(r => CauseKey.Parse(r.Cause)))
        {
            if (!cases.Any(c => c.Shows(byKey.Key))) continue;
            var representative = LedgerBuilder.Representative(cases, byKey.Key);
            evidence[byKey.Key] = byKey.OrderByDescending(r => r.Original == representative).ThenByDescending(r => r.Fixpoint).ThenByDescending(r => r.Steps)
                .ThenBy(r => r.Minimal.Case.Machines.Count).ThenBy(r => r.Original, StringComparer.Ordinal).First();
        }
        return evidence;
    }

    /// <summary>
    /// Shards ran side by side: the wall (and setup) is the longest shard's; the work — checking and
    /// triage seconds, nix processes, machine evaluations — is the sum, and the rate is per summed
    /// checking minute, comparable with one campaign's.
    /// </summary>
    public static Timings Timings(IReadOnlyList<Timings> shards)
    {
        var check = shards.Sum(t => t.CheckSeconds);
        var evaluations = shards.Sum(t => t.MachineEvaluations);
        return new Timings(shards.Max(t => t.WallSeconds), shards.Max(t => t.SetupSeconds), check, shards.Sum(t => t.ShrinkSeconds),
            shards.Sum(t => t.NixProcesses), evaluations, evaluations / Math.Max(check / 60, 1e-6));
    }

    /// <summary>The first bad commit (or why there is none) each shard's bisection found, for every key of the cause it found it for.</summary>
    internal static Dictionary<CauseKey, CommitEvidence> CommitEvidence(IReadOnlyList<CauseSummary> shardCauses)
    {
        var evidence = new Dictionary<CauseKey, CommitEvidence>();
        // Commits first: a shard that named one wins over a shard that only says why it could not; then a
        // bisection that finished ("observes the same at both ends") over one its shard's budget cut.
        foreach (var c in shardCauses.OrderBy(c => c.FirstBadCommit is null).ThenBy(BisectionCut))
        foreach (var key in c.Members.Select(m => m.Key).Prepend(c.Key).Select(CauseKey.Parse))
            if (c.FirstBadCommit is not null || c.Bisection is not null)
                evidence.TryAdd(key, new CommitEvidence(key, c.FirstBadCommit, c.Bisection));
        return evidence;
    }

    /// <summary>Whether the shard's budget cut this cause's bisection (its reason is among the cuts).</summary>
    private static bool BisectionCut(CauseSummary c) => c.Bisection is { } why && c.Cut.Any(cut => cut.EndsWith(why, StringComparison.Ordinal));

    /// <summary>
    /// The shard cause to take a merged cause's triage from: the one whose shrunk example is the
    /// evidence the ledger used for the lead (its fingerprint), else one whose lead is the merged
    /// cause's lead, else one holding any of its keys; shrunk to a fixpoint first, then bisected, then
    /// shrunk at all, then the smallest.
    /// </summary>
    private static CauseSummary? Triaged(LedgerCause cause, IReadOnlyList<CauseSummary> shardCauses, IReadOnlyDictionary<CauseKey, ShrinkRecord> shrinks)
    {
        var keys = cause.Members.Select(m => m.Key.Text).ToHashSet(StringComparer.Ordinal);
        var used = shrinks.TryGetValue(cause.Key, out var lead) ? Model.Comparison.Fingerprint.Of(lead.Minimal.ToChecked().Failing) : null;
        return shardCauses.Where(c => keys.Contains(c.Key) || c.Members.Any(m => keys.Contains(m.Key)))
            .OrderByDescending(c => c.Key == cause.Key.Text && used is not null && c.Fingerprint == used)
            .ThenByDescending(c => c.Key == cause.Key.Text)
            .ThenByDescending(c => c.ShrinkComplete)
            .ThenByDescending(c => c.FirstBadCommit is not null)
            .ThenByDescending(c => c.ShrinkSteps > 0)
            .ThenBy(c => c.MinimalMachines)
            .FirstOrDefault();
    }

    private static CauseSummary Cause(LedgerCause c, CauseSummary? triaged, IReadOnlyList<CauseSummary> shardCauses, string expectation)
    {
        var keys = c.Members.Select(m => m.Key.Text).ToHashSet(StringComparer.Ordinal);
        return new CauseSummary(c.Key.Text, CauseTitles.Title(c.Key, c.Symptoms.Select(s => s.Symptom), expectation), c.Cases.Count)
        {
            Symptoms = c.Symptoms.Select(s => new SymptomSummary(s.Symptom.Text, s.Cases)).ToList(),
            Members = c.Members.Skip(1).Select(m => new MemberSummary(m.Key.Text, m.Cases, m.Rule is { } r ? MergeRules.Name(r) : null, m.With?.Text)).ToList(),
            Fingerprint = triaged?.Fingerprint,
            Directory = triaged?.Directory,
            ShrinkSteps = triaged?.ShrinkSteps ?? 0,
            ShrinkComplete = triaged?.ShrinkComplete ?? false,
            MinimalMachines = triaged?.MinimalMachines ?? 0,
            ReportChecks = triaged?.ReportChecks ?? 0,
            ReportChecksReproducing = triaged?.ReportChecksReproducing ?? 0,
            Upstream = triaged?.Upstream ?? false,
            // known-failures.txt is the same file for every shard; a key it lists is known wherever it showed.
            Known = shardCauses.Any(s => s.Known && (keys.Contains(s.Key) || s.Members.Any(m => keys.Contains(m.Key)))),
            FirstBadCommit = c.FirstBad,
            Bisection = c.Bisection,
            Cut = triaged?.Cut ?? [],
            Examples = c.Cases.Take(20).ToList(),
        };
    }

    /// <summary>Every fingerprint of every shard once, with the cases of all shards that showed it.</summary>
    private static IReadOnlyList<FailureSummary> Failures(IReadOnlyList<ShardOutput> shards, string outDirectory) => shards
        .SelectMany(s => s.Summary.Failures)
        .GroupBy(f => f.Fingerprint, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new FailureSummary(g.Key, g.First().Tokens, g.SelectMany(f => f.Cases).Distinct().Order(StringComparer.Ordinal).ToList(),
            Path.GetRelativePath(outDirectory, FailureCorpus.DirectoryFor(outDirectory, g.Key)))
        {
            Causes = g.SelectMany(f => f.Causes).Distinct().ToList(),
            IsNew = g.All(f => f.IsNew),
        })
        .ToList();

    private static SortedDictionary<string, T> Sum<T>(IEnumerable<IReadOnlyDictionary<string, T>> parts, Func<T, T, T> add)
    {
        var total = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var part in parts)
        foreach (var (key, value) in part)
            total[key] = total.TryGetValue(key, out var sum) ? add(sum, value) : value;
        return total;
    }
}
