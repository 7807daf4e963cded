using Conformance.NixDriver.Rendering;

namespace Conformance.Runner.Reports;

/// <summary>What one run of a finding's reproduction showed, and on what.</summary>
internal sealed record ReproductionRun(
    string Command,
    string Output,
    string NixVersion,
    string ClanCoreRevision,
    string ClanCoreNarHash,
    string? ClanCoreDate,
    string Nixpkgs)
{
    /// <summary>The nixpkgs tree the offline run used, for the verification note.</summary>
    public string? OfflineNixpkgs { get; init; }

    /// <summary>For a change between revisions: the same command on the base revision (its hash, date and what it printed).</summary>
    public (string Revision, string? Date, string Output)? Contrast { get; init; }
}

/// <summary>
/// A finding as Markdown in the shape of clan-core's issue tracker: title, what happens and what
/// was expected (two sentences), a standalone reproduction (a flake pinning every input by revision
/// and hash, the one <c>nix eval</c> command), the output it printed, verbatim, the environment, the
/// documentation quote, the suggested fix. The text speaks of clan-core and its docs only; the
/// verification note for this project comes after the report, in an HTML comment a pasted issue
/// does not show.
/// </summary>
internal static class FindingReport
{
    /// <summary>Starts the output block a live check compares with what the command prints now.</summary>
    public const string OutputHeading = "## Output";

    /// <param name="located">The finding's claim where the evaluated revision's file has it (null: not there, or not looked up).</param>
    /// <param name="claimRevision">The revision the finding's claim was taken from (the pin).</param>
    /// <param name="introduced">The commit that introduced the behaviour, where known (bisection, history).</param>
    public static string Render(Finding finding, RenderedTree reproduction, ReproductionRun run, DocClaim? located = null, string? claimRevision = null,
        Introduction? introduced = null)
    {
        var md = new Markdown()
            .Heading(1, finding.Title)
            .Paragraph($"{finding.Happens} {finding.Expected}")
            .Paragraph($"Severity: {finding.Severity}");
        if (introduced is not null) md.Paragraph(introduced.Line());
        md.Heading(2, "Reproduction")
            .Paragraph("Save these files in an empty directory (every input is pinned by revision and hash, so no `flake.lock` is needed):");
        Files(md, reproduction.Files.OrderBy(kv => kv.Key == "flake.nix" ? 0 : 1).ThenBy(kv => kv.Key, StringComparer.Ordinal));
        md.Paragraph("and run in that directory:")
            .Code(run.Command, "sh")
            .Raw(OutputHeading)
            .Paragraph($"At clan-core `{Short(run.ClanCoreRevision)}`{(run.ClanCoreDate is { } d ? $" ({d})" : "")} it prints:")
            .Code(run.Output);
        if (run.Contrast is { } contrast)
            md.Paragraph($"At `{Short(contrast.Revision)}`{(contrast.Date is { } cd ? $" ({cd})" : "")}, before the change, the same command prints:")
                .Code(contrast.Output);
        // An intended behaviour is reported for its documentation, which is what should change.
        md.Heading(2, finding.Intended ? "What the documentation says" : "Expected")
            .Paragraph(finding.Expected);
        if (finding.Claim is { } claim)
            md.Paragraph(located is not null
                    ? $"`{located.File}`, line {located.Line} (at `{Short(run.ClanCoreRevision)}`):"
                    : $"`{claim.File}`, line {claim.Line} (at `{Short(claimRevision ?? run.ClanCoreRevision)}`{(claimRevision is not null && claimRevision != run.ClanCoreRevision ? $"; `{Short(run.ClanCoreRevision)}`'s file does not have it" : "")}):")
                .Quote(claim.Quote);
        if (finding.ExpectedValue is { } value)
            // A docs finding's value is what its documentation promises, not what clan-core should change to.
            md.Paragraph(finding.Intended
                ? $"Read as written, the description promises that the command prints `{value.ToJsonString()}`."
                : $"That is, the command should print `{value.ToJsonString()}`.");
        FindingHistoryText.Append(md, finding);
        md.Heading(2, "Environment")
            .Bullets([$"Nix {run.NixVersion}", $"clan-core {run.ClanCoreRevision} (narHash `{run.ClanCoreNarHash}`)", $"nixpkgs: {run.Nixpkgs}"]);
        if (finding.Fix is { } fix) md.Heading(2, "Suggested fix").Paragraph(fix);
        return md.ToString();
    }

    /// <summary>
    /// Files of a reproduction, each under its path in a fenced block (json, nix, or plain). The
    /// path line and a three-backtick fence are what <see cref="ReproductionOf"/> reads back.
    /// </summary>
    public static Markdown Files(Markdown md, IEnumerable<KeyValuePair<string, string>> files)
    {
        foreach (var (path, content) in files)
            md.Paragraph($"`{path}`")
                .Code(content.TrimEnd(), path.EndsWith(".json", StringComparison.Ordinal) ? "json" : path.EndsWith(".nix", StringComparison.Ordinal) ? "nix" : "");
        return md;
    }

    /// <summary>The verification note that follows a report in its file (an HTML comment: not part of what is pasted upstream).</summary>
    public static string VerificationNote(Finding finding, string regenerate, IEnumerable<string> overriddenInputs, string? offlineNixpkgs, string? reduction = null) =>
        $"\n<!-- Verification (clan-conformance, not for upstream): generated from {(finding.Number > 0 ? $"findings/{finding.Name}.json" : finding.SourcePath)} by `{regenerate}`; " +
        $"the flake above ran offline with --override-input for {string.Join(", ", overriddenInputs)} (clan-core's tree has the pinned narHash; {offlineNixpkgs ?? "nixpkgs as pinned"}); the output is what Nix printed, without its notes on those overrides. " +
        (reduction is null ? "" : $"The repro was {reduction}. ") +
        (finding.Number > 0 ? "The live test FindingReportSpecs re-runs it and names this finding when the output changes. -->\n" : "-->\n");

    /// <summary>The output block of a report (what the command printed), or null when the report has none.</summary>
    public static string? OutputOf(string report)
    {
        var start = report.IndexOf(OutputHeading + "\n", StringComparison.Ordinal);
        if (start < 0) return null;
        var lines = report[start..].Split('\n');
        var open = Array.FindIndex(lines, l => l.StartsWith("```", StringComparison.Ordinal));
        if (open < 0) return null;
        var fence = lines[open];
        var close = Array.FindIndex(lines, open + 1, l => l == fence);
        return close < 0 ? null : string.Join('\n', lines[(open + 1)..close]);
    }

    /// <summary>
    /// The reproduction a report shows, read back: each file (a <c>`path`</c> line, then its fenced
    /// block) and the command (the <c>sh</c> block); null when the report has no such section.
    /// </summary>
    public static (RenderedTree Files, string Command)? ReproductionOf(string report)
    {
        var start = report.IndexOf("## Reproduction\n", StringComparison.Ordinal);
        var end = report.IndexOf(OutputHeading + "\n", StringComparison.Ordinal);
        if (start < 0 || end < start) return null;
        var lines = report[start..end].Split('\n');
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? command = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var fileName = lines[i].Length > 2 && lines[i].StartsWith('`') && lines[i].EndsWith('`') && !lines[i].StartsWith("``", StringComparison.Ordinal) ? lines[i][1..^1] : null;
            if (fileName is null && lines[i] != "```sh") continue;
            var open = fileName is null ? i : Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            if (open < 0) return null;
            var close = Array.FindIndex(lines, open + 1, l => l == "```");
            if (close < 0) return null;
            var body = string.Join('\n', lines[(open + 1)..close]);
            if (fileName is null) command = body.Trim();
            else files[fileName] = body + "\n";
            i = close;
        }
        return command is null || files.Count == 0 ? null : (new RenderedTree(files), command);
    }

    private static string Short(string revision) => revision[..Math.Min(9, revision.Length)];
}
