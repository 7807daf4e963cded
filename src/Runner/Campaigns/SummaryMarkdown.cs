using System.Text;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// summary.md: what a maintainer reads first comes first — with history, one section per first bad
/// commit (hash, date, subject, pull request) holding its behaviours; otherwise the causes — then
/// what was evaluated, the properties, the detail per fingerprint, what the budget cut, timings.
/// </summary>
internal static class SummaryMarkdown
{
    public static string Render(CampaignSummary s)
    {
        var md = new StringBuilder();
        var scope = s.Shard is { } shard ? $"seed {s.Seed}, shard {shard}" : s.MergedShards is { } n ? $"seed {s.Seed}, {n} shard(s) merged" : $"seed {s.Seed}";
        md.AppendLine(s.IsDiff ? $"# clan-conformance diff ({scope})" : $"# clan-conformance campaign ({scope})");
        md.AppendLine();
        md.AppendLine(s.CasesFailing == 0
            ? s.IsDiff ? $"**Identical: {s.CasesRun}/{s.CasesRun} cases observe the same on both revisions.**"
                : $"**{s.CasesConforming}/{s.CasesRun} cases conform**" + (s.KnownDeviations.Count > 0 ? " (known deviations aside)." : ".")
            : $"**{s.CasesFailing} of {s.CasesRun} cases {(s.IsDiff ? "differ" : "fail")}**, {s.Causes.Count} cause(s)" +
              (s.Commits.Count > 0 ? $" from {s.Commits.Count} commit(s)." : "."));
        if (s.Interrupted)
            md.AppendLine().AppendLine($"⚠ Stopped after {s.CasesRun} of {s.CasesRequested} cases{(s.InfrastructureFailure is null ? "" : $" by an infrastructure failure: {s.InfrastructureFailure}")}; results so far are below and saved.");
        md.AppendLine();
        var byKey = s.Causes.ToDictionary(c => c.Key);
        foreach (var commit in s.Commits)
        {
            var c = commit.Commit;
            md.AppendLine($"## {c.ShortHash} ({c.Date:yyyy-MM-dd}) {c.Subject}").AppendLine();
            md.Append($"First bad commit `{c.Hash}`");
            if (c.PullRequest is { } pr) md.Append($", pull request #{pr}");
            if (c.Merge is { } merge && merge.Hash != c.Hash) md.Append($", merged by `{merge.ShortHash}` ({merge.Subject})");
            md.AppendLine(".").AppendLine();
            CauseTable(md, commit.Causes.Select(k => byKey[k]).ToList());
        }
        var rest = s.Causes.Where(c => c.FirstBadCommit is null).ToList();
        if (rest.Count > 0)
        {
            md.AppendLine(s.Commits.Count > 0 || rest.Any(c => c.Bisection is not null) ? "## Causes without a first bad commit" : "## Causes").AppendLine();
            CauseTable(md, rest);
            foreach (var c in rest.Where(c => c.Bisection is not null))
                md.AppendLine($"- `{c.Key}`: {c.Bisection}");
            if (rest.Any(c => c.Bisection is not null)) md.AppendLine();
        }
        md.AppendLine("| evaluated | |").AppendLine("| --- | --- |");
        if (s.BaseVersions is not null) md.AppendLine($"| clan-core (base) | {s.BaseVersions.ClanCore} |");
        md.AppendLine($"| clan-core{(s.BaseVersions is null ? "" : " (head)")} | {s.Versions.ClanCore} |");
        md.AppendLine($"| nixpkgs | {s.Versions.Nixpkgs} |");
        if (s.BaseVersions is not null && s.BaseVersions.Nix != s.Versions.Nix) md.AppendLine($"| Nix (base) | {s.BaseVersions.Nix} ({s.BaseVersions.Backend}) |");
        md.AppendLine($"| Nix{(s.BaseVersions is not null && s.BaseVersions.Nix != s.Versions.Nix ? " (head)" : "")} | {s.Versions.Nix} |");
        md.AppendLine($"| backend | {s.Versions.Backend} |");
        md.AppendLine($"| expectation | {s.Expectation} |");
        if (s.Focus.Count > 0) md.AppendLine($"| focus | {string.Join(", ", s.Focus)} |");
        md.AppendLine($"| generator | {s.Generator} |");
        md.AppendLine();
        md.AppendLine("## Properties").AppendLine().AppendLine("| area | cases passed | cases failed | fields checked |").AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (area, count) in s.Properties) md.AppendLine($"| {area} | {count.Passed} | {count.Failed} | {count.Fields} |");
        md.AppendLine();
        if (s.Failures.Count > 0)
        {
            md.AppendLine("## Distinct failures (detail)").AppendLine();
            md.AppendLine("Every distinct set of disagreeing fields, saved as found; the causes above group them.").AppendLine();
            md.AppendLine("| fingerprint | cases | causes | fields | new |").AppendLine("| --- | ---: | --- | --- | --- |");
            foreach (var f in s.Failures)
                md.AppendLine($"| [`{f.Fingerprint}`]({f.Directory}/report.md) | {f.Cases.Count} | {string.Join("<br>", f.Causes.Select(Code))} | {string.Join("<br>", f.Tokens)} | {(f.IsNew ? "yes" : "seen before")} |");
            md.AppendLine();
        }
        if (s.KnownDeviations.Count > 0 || s.DisappearedDeviations.Count > 0)
        {
            md.AppendLine("## Known deviations (documented ≠ implemented)").AppendLine().AppendLine("| id | fields matching the known deviation | fields where it disappeared |").AppendLine("| --- | ---: | ---: |");
            foreach (var id in s.KnownDeviations.Keys.Union(s.DisappearedDeviations.Keys).Order())
                md.AppendLine($"| {id} | {s.KnownDeviations.GetValueOrDefault(id)} | {s.DisappearedDeviations.GetValueOrDefault(id)} |");
            md.AppendLine();
        }
        md.AppendLine("## What was generated").AppendLine().AppendLine("| label | cases |").AppendLine("| --- | ---: |");
        foreach (var (label, count) in s.Classification.OrderBy(kv => kv.Key, StringComparer.Ordinal)) md.AppendLine($"| {label} | {count} |");
        md.AppendLine();
        if (s.BudgetCuts.Count > 0)
        {
            md.AppendLine("## What the budget cut").AppendLine();
            foreach (var cut in s.BudgetCuts) md.AppendLine($"- {cut}");
            md.AppendLine();
        }
        if (s.Cost.Count > 0) CostTable(md, s);
        md.AppendLine("## Timings").AppendLine();
        var t = s.Timings;
        md.AppendLine($"- wall {t.WallSeconds:0.0} s (setup {t.SetupSeconds:0.0} s, checking {t.CheckSeconds:0.0} s, triage — shrinking, verifying, bisecting — {t.ShrinkSeconds:0.0} s)");
        md.AppendLine($"- {t.NixProcesses} nix processes, {t.MachineEvaluations} machine evaluations, {t.MachineEvaluationsPerMinute:0} machine-evals/min while checking");
        if (s.UnobservedFields > 0) md.AppendLine($"- {s.UnobservedFields} field(s) could not be observed (stderr of cases evaluated in pieces, or unobserved on the base)");
        if (s.HarnessFaults.Count > 0)
        {
            md.AppendLine().AppendLine("## Harness faults (not conformance results)").AppendLine();
            foreach (var (caseId, reason) in s.HarnessFaults) md.AppendLine($"- {caseId}: {reason}");
        }
        return md.ToString();
    }

    /// <summary>
    /// The counters of every case observed with cost, one row per unit; where something was expected
    /// (the model's instances, the base's counters) the cell reads <c>expected → observed (change)</c>.
    /// </summary>
    private static void CostTable(StringBuilder md, CampaignSummary s)
    {
        var counters = Enum.GetValues<Model.Observations.CostCounter>().Select(Model.Observations.CostFields.Name).ToList();
        md.AppendLine("## Evaluation cost").AppendLine();
        md.AppendLine(s.IsDiff
            ? "Per case and unit (one nix process each), base → head where they differ. The counters repeat exactly, so any increase "
              + $"of thunks, calls, envs, values or sets is a cause, GC bytes beyond {Model.Observations.CostFields.GcBytesSignificance:P0}, and a decrease is an improvement "
              + "(instances: any change; CPU time, wall time and peak memory never)."
            : "Per case and unit (one nix process each); instances are the model's prediction → what Nix did where the model predicts them.");
        md.AppendLine().AppendLine("| case | machines | unit | " + string.Join(" | ", counters) + " |")
            .AppendLine("| --- | ---: | --- | " + string.Join(" | ", counters.Select(_ => "---:")) + " |");
        foreach (var row in s.Cost)
            md.AppendLine($"| {row.Case} | {row.Machines} | {row.Unit} | " + string.Join(" | ", counters.Select(name => Cell(row, name))) + " |");
        md.AppendLine();

        static string Cell(CostRow row, string name)
        {
            var has = row.Counters.TryGetValue(name, out var actual);
            if (!row.Expected.TryGetValue(name, out var expected)) return has ? actual.ToString(System.Globalization.CultureInfo.InvariantCulture) : "–";
            if (!has) return $"{expected} → –";
            var counter = Model.Observations.CostFields.Parse(name)!.Value;
            return expected == actual ? actual.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"{expected} → {actual} ({Model.Observations.CostFields.Change(counter, expected, actual)})";
        }
    }

    private static void CauseTable(StringBuilder md, IReadOnlyList<CauseSummary> causes)
    {
        md.AppendLine("| behaviour | cases | where it shows | shrunk example | report | |").AppendLine("| --- | ---: | --- | --- | --- | --- |");
        foreach (var c in causes)
        {
            var merged = c.Members.Count == 0 ? "" : "<br>merged: " + string.Join(", ", c.Members.Select(m => $"{Code(m.Key)} ({m.Cases}, {m.Rule})"));
            var example = c.Fingerprint is null ? "–"
                : $"[`{c.Fingerprint}`]({c.Directory}/report.md) ({c.MinimalMachines} machine(s), {c.ShrinkSteps} step(s){(c.ShrinkComplete ? "" : ", not at a fixpoint")})";
            var report = (c.ReportChecks == 0 ? "not checked" : $"{c.ReportChecksReproducing}/{c.ReportChecks} commands reproduce")
                + (c.Upstream ? $"<br>[filed-ready: upstream.md]({c.Directory}/{Sinks.CorpusSink.UpstreamFile})" : "");
            md.AppendLine($"| {c.Title}<br>{Code(c.Key)}{merged} | {c.Cases} | {string.Join("<br>", c.Symptoms.Select(x => $"{Code(x.Symptom)} ({x.Cases})"))} | {example} | {report} | {(c.Known ? "known" : "**new**")} |");
        }
        md.AppendLine();
    }

    /// <summary>Inline code that survives a key with backticks (error lines quote option paths with them) and table pipes.</summary>
    private static string Code(string text)
    {
        var fence = text.Contains('`') ? "`` " : "`";
        return fence + text.Replace("|", "\\|") + (fence.Length > 1 ? " ``" : "`");
    }
}
