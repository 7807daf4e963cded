using System.Text;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Campaigns;

/// <summary>summary.json of a campaign (and the data of summary.md).</summary>
public sealed record CampaignSummary
{
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
    public required EvaluatedVersions Versions { get; init; }
    /// <summary>Per focus area ("property"): cases whose fields in that area all agree, and cases where some do not.</summary>
    public required IReadOnlyDictionary<string, PropertyCount> Properties { get; init; }
    public required IReadOnlyDictionary<string, int> KnownDeviations { get; init; }
    public required IReadOnlyDictionary<string, int> DisappearedDeviations { get; init; }
    public required IReadOnlyDictionary<string, int> Classification { get; init; }
    public required IReadOnlyList<FailureSummary> Failures { get; init; }
    public int UnobservedFields { get; init; }
    /// <summary>Cases with fields the infrastructure kept from being observed (timeouts), with the first reason.</summary>
    public IReadOnlyDictionary<string, string> HarnessFaults { get; init; } = new Dictionary<string, string>();
    public required Timings Timings { get; init; }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# clan-conformance campaign (seed {Seed})");
        md.AppendLine();
        md.AppendLine(CasesFailing == 0
            ? $"**{CasesConforming}/{CasesRun} cases conform**" + (KnownDeviations.Count > 0 ? " (known deviations aside)." : ".")
            : $"**{CasesFailing} of {CasesRun} cases fail**, {Failures.Count} distinct cause(s).");
        if (Interrupted) md.AppendLine().AppendLine($"⚠ Interrupted after {CasesRun} of {CasesRequested} cases{(InfrastructureFailure is null ? "" : $" by an infrastructure failure: {InfrastructureFailure}")}; results so far are below and saved.");
        md.AppendLine();
        md.AppendLine("| evaluated | |").AppendLine("| --- | --- |");
        md.AppendLine($"| clan-core | {Versions.ClanCore} |");
        md.AppendLine($"| nixpkgs | {Versions.Nixpkgs} |");
        md.AppendLine($"| Nix | {Versions.Nix} |");
        md.AppendLine($"| backend | {Versions.Backend} |");
        if (Focus.Count > 0) md.AppendLine($"| focus | {string.Join(", ", Focus)} |");
        md.AppendLine();
        md.AppendLine("## Properties").AppendLine().AppendLine("| area | cases passed | cases failed | fields checked |").AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (area, count) in Properties) md.AppendLine($"| {area} | {count.Passed} | {count.Failed} | {count.Fields} |");
        md.AppendLine();
        if (Failures.Count > 0)
        {
            md.AppendLine("## Failures").AppendLine().AppendLine("| fingerprint | cases | what differs | new |").AppendLine("| --- | ---: | --- | --- |");
            foreach (var f in Failures)
                md.AppendLine($"| [`{f.Fingerprint}`](failures/{f.Fingerprint}/report.md) | {f.Cases.Count} | {string.Join("<br>", f.Tokens)} | {(f.IsNew ? "yes" : "seen before")} |");
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
        if (UnobservedFields > 0) md.AppendLine($"- {UnobservedFields} stderr-derived field(s) could not be observed (cases evaluated in pieces)");
        if (HarnessFaults.Count > 0)
        {
            md.AppendLine().AppendLine("## Harness faults (not conformance results)").AppendLine();
            foreach (var (caseId, reason) in HarnessFaults) md.AppendLine($"- {caseId}: {reason}");
        }
        return md.ToString();
    }
}

public sealed record PropertyCount(int Passed, int Failed, int Fields);

public sealed record FailureSummary(string Fingerprint, IReadOnlyList<string> Tokens, IReadOnlyList<string> Cases, string Directory, bool IsNew);

public sealed record Timings(double WallSeconds, double SetupSeconds, double CheckSeconds, double ShrinkSeconds, int NixProcesses, int MachineEvaluations, double MachineEvaluationsPerMinute);
