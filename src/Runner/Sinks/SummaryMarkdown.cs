using Conformance.Runner.Reports;

namespace Conformance.Runner.Sinks;

/// <summary>
/// summary.md: what a maintainer reads first comes first — with history, one section per first bad
/// commit (hash, date, subject, pull request) holding its behaviours; otherwise the causes — then
/// what was evaluated, the properties, the detail per fingerprint, what the budget cut, timings.
/// </summary>
internal static class SummaryMarkdown
{
    public static string Render(CampaignSummary s)
    {
        var md = new Markdown();
        var scope = s.Shard is { } shard ? $"seed {s.Seed}, shard {shard}" : s.MergedShards is { } n ? $"seed {s.Seed}, {n} shard(s) merged" : $"seed {s.Seed}";
        md.Heading(1, s.IsDiff ? $"clan-conformance diff ({scope})" : $"clan-conformance campaign ({scope})");
        md.Paragraph(s.CasesFailing == 0
            ? s.IsDiff ? $"**Identical: {s.CasesRun}/{s.CasesRun} cases observe the same on both revisions.**"
                : $"**{s.CasesConforming}/{s.CasesRun} cases conform**" + (s.KnownDeviations.Count > 0 ? " (known deviations aside)." : ".")
            : $"**{s.CasesFailing} of {s.CasesRun} cases {(s.IsDiff ? "differ" : "fail")}**, {s.Causes.Count} cause(s)" +
              (s.Commits.Count > 0 ? $" from {s.Commits.Count} commit(s)." : "."));
        if (s.Interrupted)
            md.Paragraph($"⚠ Stopped after {s.CasesRun} of {s.CasesRequested} cases{(s.InfrastructureFailure is null ? "" : $" by an infrastructure failure: {s.InfrastructureFailure}")}; results so far are below and saved.");
        var byKey = s.Causes.ToDictionary(c => c.Key);
        foreach (var commit in s.Commits)
        {
            var c = commit.Commit;
            md.Heading(2, $"{c.ShortHash} ({c.Date:yyyy-MM-dd}) {c.Subject}");
            md.Paragraph($"First bad commit {Markdown.InlineCode(c.Hash)}"
                + (c.PullRequest is { } pr ? $", pull request {Markdown.PullRequest(pr)}" : "")
                + (c.Merge is { } merge && merge.Hash != c.Hash ? $", merged by {Markdown.InlineCode(merge.ShortHash)} ({merge.Subject})" : "") + ".");
            CauseTable(md, commit.Causes.Select(k => byKey[k]).ToList());
        }
        var rest = s.Causes.Where(c => c.FirstBadCommit is null).ToList();
        if (rest.Count > 0)
        {
            md.Heading(2, s.Commits.Count > 0 || rest.Any(c => c.Bisection is not null) ? "Causes without a first bad commit" : "Causes");
            CauseTable(md, rest);
            md.Bullets(rest.Where(c => c.Bisection is not null).Select(c => $"{Markdown.InlineCode(c.Key)}: {c.Bisection}"));
        }
        var evaluated = new List<IReadOnlyList<string>>();
        if (s.BaseVersions is not null) evaluated.Add(["clan-core (base)", s.BaseVersions.ClanCore]);
        evaluated.Add([$"clan-core{(s.BaseVersions is null ? "" : " (head)")}", s.Versions.ClanCore]);
        evaluated.Add(["nixpkgs", s.Versions.Nixpkgs]);
        var twoNix = s.BaseVersions is not null && s.BaseVersions.Nix != s.Versions.Nix;
        if (twoNix) evaluated.Add(["Nix (base)", $"{s.BaseVersions!.Nix} ({s.BaseVersions.Backend})"]);
        evaluated.Add([$"Nix{(twoNix ? " (head)" : "")}", s.Versions.Nix]);
        evaluated.Add(["backend", s.Versions.Backend]);
        evaluated.Add(["expectation", s.Expectation]);
        if (s.Focus.Count > 0) evaluated.Add(["focus", string.Join(", ", s.Focus)]);
        evaluated.Add(["generator", s.Generator]);
        md.Table(["evaluated", ""], evaluated);
        md.Heading(2, "Properties");
        md.Table(["area", "cases passed", "cases failed", "fields checked"],
            s.Properties.Select(kv => (IReadOnlyList<string>)[kv.Key, $"{kv.Value.Passed}", $"{kv.Value.Failed}", $"{kv.Value.Fields}"]), 1, 2, 3);
        if (s.Failures.Count > 0)
        {
            md.Heading(2, "Distinct failures (detail)");
            md.Paragraph("Every distinct set of disagreeing fields, saved as found; the causes above group them.");
            md.Table(["fingerprint", "cases", "causes", "fields", "new"], s.Failures.Select(f => (IReadOnlyList<string>)[
                Markdown.Link(Markdown.InlineCode(f.Fingerprint), $"{f.Directory}/report.md"), $"{f.Cases.Count}",
                string.Join("<br>", f.Causes.Select(Markdown.InlineCode)), string.Join("<br>", f.Tokens), f.IsNew ? "yes" : "seen before"]), 1);
        }
        if (s.KnownDeviations.Count > 0 || s.DisappearedDeviations.Count > 0)
        {
            md.Heading(2, "Known deviations (documented ≠ implemented)");
            md.Table(["id", "fields matching the known deviation", "fields where it disappeared"],
                s.KnownDeviations.Keys.Union(s.DisappearedDeviations.Keys).Order().Select(id => (IReadOnlyList<string>)[
                    id, $"{s.KnownDeviations.GetValueOrDefault(id)}", $"{s.DisappearedDeviations.GetValueOrDefault(id)}"]), 1, 2);
        }
        md.Heading(2, "What was generated");
        md.Table(["label", "cases"], s.Classification.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<string>)[kv.Key, $"{kv.Value}"]), 1);
        if (s.BudgetCuts.Count > 0)
        {
            md.Heading(2, "What the budget cut");
            md.Bullets(s.BudgetCuts);
        }
        if (s.Cost.Count > 0) CostTable(md, s);
        md.Heading(2, "Timings");
        var t = s.Timings;
        var timings = new List<string>
        {
            $"wall {t.WallSeconds:0.0} s (setup {t.SetupSeconds:0.0} s, checking {t.CheckSeconds:0.0} s, triage — shrinking, verifying, bisecting — {t.ShrinkSeconds:0.0} s)",
            $"{t.NixProcesses} nix processes, {t.MachineEvaluations} machine evaluations, {t.MachineEvaluationsPerMinute:0} machine-evals/min while checking",
        };
        if (s.UnobservedFields > 0) timings.Add($"{s.UnobservedFields} field(s) could not be observed (stderr of cases evaluated in pieces, or unobserved on the base)");
        md.Bullets(timings);
        if (s.HarnessFaults.Count > 0)
        {
            md.Heading(2, "Harness faults (not conformance results)");
            md.Bullets(s.HarnessFaults.Select(kv => $"{kv.Key}: {kv.Value}"));
        }
        return md.ToString();
    }

    /// <summary>
    /// The counters of every case observed with cost, one row per unit; where something was expected
    /// (the model's instances, the base's counters) the cell reads <c>expected → observed (change)</c>.
    /// </summary>
    private static void CostTable(Markdown md, CampaignSummary s)
    {
        var counters = Enum.GetValues<Model.Observations.CostCounter>().Select(Model.Observations.CostFields.Name).ToList();
        md.Heading(2, "Evaluation cost");
        md.Paragraph(s.IsDiff
            ? "Per case and unit (one nix process each), base → head where they differ. The counters repeat exactly, so any increase "
              + $"of thunks, calls, envs, values or sets is a cause, GC bytes beyond {Model.Observations.CostFields.GcBytesSignificance:P0}, and a decrease is an improvement "
              + "(instances: any change; CPU time, wall time and peak memory never)."
            : "Per case and unit (one nix process each); instances are the model's prediction → what Nix did where the model predicts them.");
        md.Table(["case", "machines", "unit", .. counters],
            s.Cost.Select(row => (IReadOnlyList<string>)[row.Case, $"{row.Machines}", row.Unit, .. counters.Select(name => Cell(row, name))]),
            [1, .. Enumerable.Range(3, counters.Count)]);

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

    private static void CauseTable(Markdown md, IReadOnlyList<CauseSummary> causes)
    {
        md.Table(["behaviour", "cases", "where it shows", "shrunk example", "report", ""], causes.Select(c =>
        {
            var merged = c.Members.Count == 0 ? "" : "<br>merged: " + string.Join(", ", c.Members.Select(m => $"{Markdown.InlineCode(m.Key)} ({m.Cases}, {m.Rule})"));
            var example = c.Fingerprint is null ? "–"
                : $"{Markdown.Link(Markdown.InlineCode(c.Fingerprint), $"{c.Directory}/report.md")} ({c.MinimalMachines} machine(s), {c.ShrinkSteps} step(s){(c.ShrinkComplete ? "" : ", not at a fixpoint")})";
            var report = (c.ReportChecks == 0 ? "not checked" : $"{c.ReportChecksReproducing}/{c.ReportChecks} commands reproduce")
                + (c.Upstream ? "<br>" + Markdown.Link("filed-ready: upstream.md", $"{c.Directory}/{Sinks.CorpusSink.UpstreamFile}") : "");
            return (IReadOnlyList<string>)[$"{c.Title}<br>{Markdown.InlineCode(c.Key)}{merged}", $"{c.Cases}",
                string.Join("<br>", c.Symptoms.Select(x => $"{Markdown.InlineCode(x.Symptom)} ({x.Cases})")), example, report, c.Known ? "known" : "**new**"];
        }), 1);
    }
}
