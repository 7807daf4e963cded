using System.Text;
using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.NixDriver.Rendering;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Reports;

/// <summary>
/// The Markdown a maintainer can paste into clan-core's tracker: what differs, the minimal
/// flake inline, the exact command, expected (with the model's rule, or the base revision's
/// value) vs actual, whether the commands were checked to reproduce it, and the claim or
/// documentation sentence it contradicts.
/// </summary>
internal static class UpstreamReport
{
    public static string Render(FailureMeta meta, IReadOnlyList<FieldRecord> fields, ClanCase minimal, RenderedTree repro)
    {
        var areas = fields.SelectMany(f => f.Areas).Where(a => a != "errors").Distinct().Order().ToList();
        if (areas.Count == 0) areas = ["errors"];
        var isDiff = meta.BaseVersions is not null;
        var expectedSide = isDiff ? "Base" : "Expected";
        var actualSide = isDiff ? "Head" : "Actual";
        var text = new StringBuilder();
        // The cause this report is about leads: its title, then its fields before the others the case shows.
        var lead = meta.Cause ?? meta.Causes.FirstOrDefault();
        CauseKey? leadKey = lead is not null && CauseKey.TryParse(lead, out var parsed) ? parsed : null;
        fields = fields.OrderBy(f => leadKey is not null && CauseKeys.For(minimal, f.ToComparison()) == leadKey ? 0 : 1).ToList();
        var symptoms = fields.Select(f => f.ToComparison()).Where(f => leadKey is null || CauseKeys.For(minimal, f) == leadKey).Select(CauseKeys.SymptomOf).Distinct();
        text.AppendLine($"# clan-core: {(leadKey is null ? fields[0].Key : CauseTitles.Title(leadKey, symptoms, meta.Expectation))}");
        text.AppendLine();
        text.AppendLine($"Found by clan-conformance, a property-based conformance harness for clan-core. Fingerprint `{meta.Fingerprint}`"
            + (meta.Seed is { } seed ? $", seed {seed}, case {meta.CaseId}" : $", case {meta.CaseId}")
            + (meta.Shrunk ? $"; shrunk in {meta.ShrinkSteps} step(s) from {meta.OriginalMachines} to {meta.MinimalMachines} machine(s)"
                + (meta.ShrinkComplete == false ? " (the shrink budget ran out before a fixpoint)" : "") + "." : "."));
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("| --- | --- |");
        if (meta.BaseVersions is { } b) text.AppendLine($"| clan-core (base, expected) | {Describe(b)} |");
        text.AppendLine($"| clan-core{(isDiff ? " (head, actual)" : "")} | {Describe(meta.Versions)} |");
        if (meta.FirstBadCommit is { } firstBad) text.AppendLine($"| first bad commit | {firstBad} |");
        text.AppendLine($"| nixpkgs | {meta.Versions.Nixpkgs} |");
        if (meta.BaseVersions is { } bn && bn.Nix != meta.Versions.Nix) text.AppendLine($"| Nix (base) | {bn.Nix} ({bn.Backend}) |");
        text.AppendLine($"| Nix{(meta.BaseVersions is { } hn && hn.Nix != meta.Versions.Nix ? " (head)" : "")} | {meta.Versions.Nix} ({meta.Versions.Backend}) |");
        text.AppendLine($"| expectation | {meta.Expectation} |");
        if (meta.Causes.Count > 0) text.AppendLine($"| causes | {string.Join(", ", meta.Causes.Select(c => $"`{c}`"))} |");
        text.AppendLine($"| differing fields | {string.Join(", ", meta.Tokens.Select(t => $"`{t}`"))} |");
        text.AppendLine();
        text.AppendLine("## What differs");
        text.AppendLine();
        var tried = ObservationHints.Tried(minimal);
        var costUnits = new HashSet<string>();
        foreach (var f in fields)
        {
            text.AppendLine($"### `{f.Key}`");
            text.AppendLine();
            text.AppendLine($"- **{expectedSide}** ({(isDiff ? "base revision" : "model")}): `{f.Expected}`");
            if (!isDiff) text.AppendLine($"  - rule: {f.Expected.Rule}");
            if (f.Expected.DeviationActual is { } deviation)
                text.AppendLine($"  - known deviation `{f.Expected.Deviation}` would be: `{deviation}`");
            text.AppendLine($"- **{actualSide}** (Nix): `{f.Actual?.ToString() ?? "not observed"}`");
            if (f.Actual?.ErrorMessage is { } message && message.Contains('\n'))
            {
                text.AppendLine();
                text.AppendLine("```");
                text.AppendLine(message.Trim());
                text.AppendLine("```");
            }
            text.AppendLine();
            // A cost unit's counters come from one command; it is printed once, for the unit's first counter.
            var key = FieldKey.Parse(f.Key);
            if (key.Scope == Scope.Cost && !costUnits.Add($"{key.CostPath}/{key.System}"))
            {
                text.AppendLine("(the same command as for the unit's first counter above, printing this counter)");
                continue;
            }
            text.AppendLine("```sh");
            text.AppendLine(ReproCommand.For(minimal, key, tried).ToShellString());
            text.AppendLine("```");
            var checks = meta.ReproChecks.Where(c => c.Field == f.Key).ToList();
            if (checks.Count > 0)
            {
                text.AppendLine();
                foreach (var c in checks)
                    text.AppendLine($"- run on the {c.Role} revision, {ShortRevision(c.Revision)}: prints `{c.Printed}` — {(c.AsReported ? "as reported" : "**not as reported**")}");
            }
            text.AppendLine();
        }
        text.AppendLine("## Minimal reproduction");
        text.AppendLine();
        text.AppendLine("A flake-parts clan; save the files below (or use `repro/` next to this report) and run the commands above in its directory.");
        text.AppendLine("Offline, add `--override-input NAME path:/dir` for nixpkgs, flake-parts, import-tree, clan-core and clan-core's inputs"
            + (meta.Versions.ClanCoreRevision is { } rev ? $"; clan-core at `{rev.Hash}` is `--override-input clan-core git+file:CLAN_CORE_REPO?rev={rev.Hash}`." : "."));
        text.AppendLine();
        FindingReport.AppendFiles(text, repro.Files.Where(kv => kv.Key != "flake.lock").OrderBy(kv => kv.Key, StringComparer.Ordinal));
        if (!isDiff)
        {
            text.AppendLine("## What it contradicts");
            text.AppendLine();
            foreach (var area in areas)
                foreach (var claim in Claims.For(FocusAreas.Parse(area) ?? FocusArea.Errors))
                    text.AppendLine($"- {claim}");
        }
        if (meta.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Notes");
            text.AppendLine();
            foreach (var note in meta.Notes) text.AppendLine($"- {note}");
        }
        return text.ToString();
    }

    /// <summary>A revision as a check line names it: the short hash and date when the description has them.</summary>
    private static string ShortRevision(string description)
    {
        var match = System.Text.RegularExpressions.Regex.Match(description, @"\b([0-9a-f]{40})\b(?: \((\d{4}-\d{2}-\d{2})\))?");
        var nix = System.Text.RegularExpressions.Regex.Match(description, @" under nix \S+$");
        return match.Success ? $"`{match.Groups[1].Value[..9]}`" + (match.Groups[2].Success ? $" ({match.Groups[2].Value})" : "") + nix.Value : description;
    }

    private static string Describe(EvaluatedVersions v) => v.ClanCoreRevision is { } rev ? $"`{rev.Hash}` ({rev.Date:yyyy-MM-dd}) {rev.Subject}" : v.ClanCore;

}
