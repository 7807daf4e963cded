using System.Text;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Campaigns;

/// <summary>summary.json of a campaign or a diff (and the data of summary.md).</summary>
internal sealed record CampaignSummary
{
    /// <summary><c>run</c> (against the model) or <c>diff</c> (against a base revision).</summary>
    public string Kind { get; init; } = "run";
    public required int Seed { get; init; }
    public required int Size { get; init; }
    public required int CasesRequested { get; init; }
    public required int CasesRun { get; init; }
    public required int CasesConforming { get; init; }
    public required int CasesFailing { get; init; }
    public bool Interrupted { get; init; }
    /// <summary>Why the run stopped early when the infrastructure failed (null otherwise).</summary>
    public string? InfrastructureFailure { get; init; }
    public IReadOnlyList<string> Focus { get; init; } = [];
    /// <summary>Which generator drew the cases (<c>--generator</c>).</summary>
    public string Generator { get; init; } = "clans";
    /// <summary>What the expectation was: <c>the model</c>, or the base revision.</summary>
    public string Expectation { get; init; } = "the model";
    public required EvaluatedVersions Versions { get; init; }
    /// <summary>For a diff: the base revision's versions.</summary>
    public EvaluatedVersions? BaseVersions { get; init; }
    /// <summary>The causes of disagreement, most frequent first: what to read first.</summary>
    public IReadOnlyList<CauseSummary> Causes { get; init; } = [];
    /// <summary>Per focus area ("property"): cases whose fields in that area all agree, and cases where some do not.</summary>
    public required IReadOnlyDictionary<string, PropertyCount> Properties { get; init; }
    public required IReadOnlyDictionary<string, int> KnownDeviations { get; init; }
    public required IReadOnlyDictionary<string, int> DisappearedDeviations { get; init; }
    public required IReadOnlyDictionary<string, int> Classification { get; init; }
    /// <summary>Every distinct set of disagreeing fields (fingerprint), with the causes it shows: the detail below the causes.</summary>
    public required IReadOnlyList<FailureSummary> Failures { get; init; }
    public int UnobservedFields { get; init; }
    /// <summary>Cases with fields the infrastructure kept from being observed (timeouts), with the first reason.</summary>
    public IReadOnlyDictionary<string, string> HarnessFaults { get; init; } = new Dictionary<string, string>();
    public required Timings Timings { get; init; }

    private bool IsDiff => Kind == "diff";

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(IsDiff ? $"# clan-conformance diff (seed {Seed})" : $"# clan-conformance campaign (seed {Seed})");
        md.AppendLine();
        md.AppendLine(CasesFailing == 0
            ? IsDiff ? $"**Identical: {CasesRun}/{CasesRun} cases observe the same on both revisions.**"
                : $"**{CasesConforming}/{CasesRun} cases conform**" + (KnownDeviations.Count > 0 ? " (known deviations aside)." : ".")
            : IsDiff ? $"**{CasesFailing} of {CasesRun} cases differ**, {Causes.Count} cause(s)."
                : $"**{CasesFailing} of {CasesRun} cases fail**, {Causes.Count} cause(s).");
        if (Interrupted) md.AppendLine().AppendLine($"⚠ Interrupted after {CasesRun} of {CasesRequested} cases{(InfrastructureFailure is null ? "" : $" by an infrastructure failure: {InfrastructureFailure}")}; results so far are below and saved.");
        md.AppendLine();
        if (Causes.Count > 0)
        {
            md.AppendLine("## Causes").AppendLine();
            md.AppendLine("| cause | cases | shrunk example | |").AppendLine("| --- | ---: | --- | --- |");
            foreach (var c in Causes)
            {
                var example = c.Fingerprint is null ? "–" : $"[`{c.Fingerprint}`]({c.Directory}/report.md) ({c.MinimalMachines} machine(s), {c.ShrinkSteps} step(s){(c.ShrinkComplete ? "" : ", budget spent")})";
                md.AppendLine($"| {c.Title}<br>`{c.Key}` | {c.Cases} | {example} | {(c.Known ? "known" : "**new**")} |");
            }
            md.AppendLine();
        }
        md.AppendLine("| evaluated | |").AppendLine("| --- | --- |");
        if (BaseVersions is not null) md.AppendLine($"| clan-core (base) | {BaseVersions.ClanCore} |");
        md.AppendLine($"| clan-core{(BaseVersions is null ? "" : " (head)")} | {Versions.ClanCore} |");
        md.AppendLine($"| nixpkgs | {Versions.Nixpkgs} |");
        md.AppendLine($"| Nix | {Versions.Nix} |");
        md.AppendLine($"| backend | {Versions.Backend} |");
        md.AppendLine($"| expectation | {Expectation} |");
        if (Focus.Count > 0) md.AppendLine($"| focus | {string.Join(", ", Focus)} |");
        md.AppendLine($"| generator | {Generator} |");
        md.AppendLine();
        md.AppendLine("## Properties").AppendLine().AppendLine("| area | cases passed | cases failed | fields checked |").AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (area, count) in Properties) md.AppendLine($"| {area} | {count.Passed} | {count.Failed} | {count.Fields} |");
        md.AppendLine();
        if (Failures.Count > 0)
        {
            md.AppendLine("## Distinct failures (detail)").AppendLine();
            md.AppendLine("Every distinct set of disagreeing fields, saved as found; the causes above group them.").AppendLine();
            md.AppendLine("| fingerprint | cases | causes | fields | new |").AppendLine("| --- | ---: | --- | --- | --- |");
            foreach (var f in Failures)
                md.AppendLine($"| [`{f.Fingerprint}`](failures/{f.Fingerprint}/report.md) | {f.Cases.Count} | {string.Join("<br>", f.Causes.Select(c => $"`{c}`"))} | {string.Join("<br>", f.Tokens)} | {(f.IsNew ? "yes" : "seen before")} |");
            md.AppendLine();
        }
        if (KnownDeviations.Count > 0 || DisappearedDeviations.Count > 0)
        {
            md.AppendLine("## Known deviations (documented ≠ implemented)").AppendLine().AppendLine("| id | fields matching the known deviation | fields where it disappeared |").AppendLine("| --- | ---: | ---: |");
            foreach (var id in KnownDeviations.Keys.Union(DisappearedDeviations.Keys).Order())
                md.AppendLine($"| {id} | {KnownDeviations.GetValueOrDefault(id)} | {DisappearedDeviations.GetValueOrDefault(id)} |");
            md.AppendLine();
        }
        md.AppendLine("## What was generated").AppendLine().AppendLine("| label | cases |").AppendLine("| --- | ---: |");
        foreach (var (label, count) in Classification.OrderBy(kv => kv.Key, StringComparer.Ordinal)) md.AppendLine($"| {label} | {count} |");
        md.AppendLine();
        md.AppendLine("## Timings").AppendLine();
        md.AppendLine($"- wall {Timings.WallSeconds:0.0} s (setup {Timings.SetupSeconds:0.0} s, checking {Timings.CheckSeconds:0.0} s, shrinking {Timings.ShrinkSeconds:0.0} s)");
        md.AppendLine($"- {Timings.NixProcesses} nix processes, {Timings.MachineEvaluations} machine evaluations, {Timings.MachineEvaluationsPerMinute:0} machine-evals/min while checking");
        if (UnobservedFields > 0) md.AppendLine($"- {UnobservedFields} field(s) could not be observed (stderr of cases evaluated in pieces, or unobserved on the base)");
        if (HarnessFaults.Count > 0)
        {
            md.AppendLine().AppendLine("## Harness faults (not conformance results)").AppendLine();
            foreach (var (caseId, reason) in HarnessFaults) md.AppendLine($"- {caseId}: {reason}");
        }
        return md.ToString();
    }
}

internal sealed record PropertyCount(int Passed, int Failed, int Fields);

/// <summary>One distinct set of disagreeing fields (a fingerprint) and the causes it shows.</summary>
internal sealed record FailureSummary(string Fingerprint, IReadOnlyList<string> Tokens, IReadOnlyList<string> Cases, string Directory, bool IsNew)
{
    public IReadOnlyList<string> Causes { get; init; } = [];
}

/// <summary>One cause: its key, in plain words, how many cases show it, and its shrunk example.</summary>
internal sealed record CauseSummary(string Key, string Title, int Cases)
{
    /// <summary>Fingerprint of the shrunk example (null when the run was interrupted before it was saved).</summary>
    public string? Fingerprint { get; init; }
    public string? Directory { get; init; }
    public int ShrinkSteps { get; init; }
    public bool ShrinkComplete { get; init; }
    public int MinimalMachines { get; init; }
    /// <summary>Listed in known-failures.txt.</summary>
    public bool Known { get; init; }
    /// <summary>The case ids showing it (first 20).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];
}

internal sealed record Timings(double WallSeconds, double SetupSeconds, double CheckSeconds, double ShrinkSeconds, int NixProcesses, int MachineEvaluations, double MachineEvaluationsPerMinute);
