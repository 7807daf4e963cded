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
        var md = new Markdown();
        // The cause this report is about leads: its title, then its fields before the others the case shows.
        var lead = meta.Cause ?? meta.Causes.FirstOrDefault();
        CauseKey? leadKey = lead is not null && CauseKey.TryParse(lead, out var parsed) ? parsed : null;
        fields = fields.OrderBy(f => leadKey is not null && CauseKeys.For(minimal, f.ToComparison()) == leadKey ? 0 : 1).ToList();
        var symptoms = fields.Select(f => f.ToComparison()).Where(f => leadKey is null || CauseKeys.For(minimal, f) == leadKey).Select(CauseKeys.SymptomOf).Distinct();
        md.Heading(1, $"clan-core: {(leadKey is null ? fields[0].Key : CauseTitles.Title(leadKey, symptoms, meta.Expectation))}")
            .Paragraph($"Found by clan-conformance, a property-based conformance harness for clan-core. Fingerprint `{meta.Fingerprint}`"
                + (meta.Seed is { } seed ? $", seed {seed}, case {meta.CaseId}" : $", case {meta.CaseId}")
                + (meta.Shrunk ? $"; shrunk in {meta.ShrinkSteps} step(s) from {meta.OriginalMachines} to {meta.MinimalMachines} machine(s)"
                    + (meta.ShrinkComplete == false ? " (the shrink budget ran out before a fixpoint)" : "") + "." : "."));
        var versions = new List<IReadOnlyList<string>>();
        if (meta.BaseVersions is { } b) versions.Add(["clan-core (base, expected)", Describe(b)]);
        versions.Add([$"clan-core{(isDiff ? " (head, actual)" : "")}", Describe(meta.Versions)]);
        if (meta.FirstBadCommit is { } firstBad) versions.Add(["first bad commit", firstBad.ToString()]);
        versions.Add(["nixpkgs", meta.Versions.Nixpkgs]);
        if (meta.BaseVersions is { } bn && bn.Nix != meta.Versions.Nix) versions.Add(["Nix (base)", $"{bn.Nix} ({bn.Backend})"]);
        versions.Add([$"Nix{(meta.BaseVersions is { } hn && hn.Nix != meta.Versions.Nix ? " (head)" : "")}", $"{meta.Versions.Nix} ({meta.Versions.Backend})"]);
        versions.Add(["expectation", meta.Expectation]);
        if (meta.Causes.Count > 0) versions.Add(["causes", string.Join(", ", meta.Causes.Select(Markdown.InlineCode))]);
        versions.Add(["differing fields", string.Join(", ", meta.Tokens.Select(Markdown.InlineCode))]);
        md.Table(["", ""], versions).Heading(2, "What differs");
        var tried = ObservationHints.Tried(minimal);
        var costUnits = new HashSet<string>();
        foreach (var f in fields)
        {
            var sides = new List<string>
            {
                $"**{expectedSide}** ({(isDiff ? "base revision" : "model")}): {Markdown.InlineCode(f.Expected.ToString())}"
                + (isDiff ? "" : $"\n- rule: {f.Expected.Rule}")
                + (f.Expected.DeviationActual is { } deviation ? $"\n- known deviation {Markdown.InlineCode(f.Expected.Deviation ?? "")} would be: {Markdown.InlineCode(deviation.ToString())}" : ""),
                $"**{actualSide}** (Nix): {Markdown.InlineCode(f.Actual?.ToString() ?? "not observed")}",
            };
            md.Heading(3, Markdown.InlineCode(f.Key)).Bullets(sides);
            if (f.Actual?.ErrorMessage is { } message && message.Contains('\n')) md.Code(message.Trim());
            // A cost unit's counters come from one command; it is printed once, for the unit's first counter.
            var key = FieldKey.Parse(f.Key);
            if (key.Scope == Scope.Cost && !costUnits.Add($"{key.CostPath}/{key.System}"))
            {
                md.Paragraph("(the same command as for the unit's first counter above, printing this counter)");
                continue;
            }
            md.Code(ReproCommand.For(minimal, key, tried).ToShellString(), "sh")
                .Bullets(meta.ReproChecks.Where(c => c.Field == f.Key)
                    .Select(c => $"run on the {c.Role} revision, {ShortRevision(c.Revision)}: prints {Markdown.InlineCode(c.Printed)} — {(c.AsReported ? "as reported" : "**not as reported**")}"));
        }
        md.Heading(2, "Minimal reproduction")
            .Paragraph("A flake-parts clan; save the files below (or use `repro/` next to this report) and run the commands above in its directory.\n"
                + "Offline, add `--override-input NAME path:/dir` for nixpkgs, flake-parts, import-tree, clan-core and clan-core's inputs"
                + (meta.Versions.ClanCoreRevision is { } rev ? $"; clan-core at `{rev.Hash}` is `--override-input clan-core git+file:CLAN_CORE_REPO?rev={rev.Hash}`." : "."));
        FindingReport.Files(md, repro.Files.Where(kv => kv.Key != "flake.lock").OrderBy(kv => kv.Key, StringComparer.Ordinal));
        if (!isDiff)
            md.Heading(2, "What it contradicts")
                .Bullets(areas.SelectMany(area => Claims.For(FocusAreas.Parse(area) ?? FocusArea.Errors)));
        if (meta.Notes.Count > 0) md.Heading(2, "Notes").Bullets(meta.Notes);
        return md.ToString();
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
