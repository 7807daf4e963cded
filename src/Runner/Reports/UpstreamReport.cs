using System.Text;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.NixDriver.Rendering;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Reports;

/// <summary>
/// The Markdown a maintainer can paste into clan-core's tracker: what differs, the minimal
/// flake inline, the exact command, expected (with the model's rule) vs actual, and the claim
/// or documentation sentence it contradicts.
/// </summary>
public static class UpstreamReport
{
    public static string Render(FailureMeta meta, IReadOnlyList<FieldRecord> fields, ClanCase minimal, RenderedTree repro)
    {
        var areas = fields.SelectMany(f => f.Areas).Where(a => a != "errors").Distinct().Order().ToList();
        if (areas.Count == 0) areas = ["errors"];
        var first = fields[0];
        var text = new StringBuilder();
        text.AppendLine($"# clan-core: {Title(first)}");
        text.AppendLine();
        text.AppendLine($"Found by clan-conformance, a property-based conformance harness for clan-core. Fingerprint `{meta.Fingerprint}`"
            + (meta.Seed is { } seed ? $", seed {seed}, case {meta.CaseId}" : $", case {meta.CaseId}")
            + (meta.Shrunk ? $"; shrunk in {meta.ShrinkSteps} step(s) from {meta.OriginalMachines} to {meta.MinimalMachines} machine(s)." : "."));
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("| --- | --- |");
        text.AppendLine($"| clan-core | {meta.Versions.ClanCore} |");
        text.AppendLine($"| nixpkgs | {meta.Versions.Nixpkgs} |");
        text.AppendLine($"| Nix | {meta.Versions.Nix} ({meta.Versions.Backend}) |");
        text.AppendLine($"| differing fields | {string.Join(", ", meta.Tokens.Select(t => $"`{t}`"))} |");
        text.AppendLine();
        text.AppendLine("## What differs");
        text.AppendLine();
        foreach (var f in fields)
        {
            text.AppendLine($"### `{f.Key}`");
            text.AppendLine();
            text.AppendLine($"- **Expected** (model): `{f.Expected}`");
            text.AppendLine($"  - rule: {f.Expected.Rule}");
            if (f.Expected.DeviationActual is { } deviation)
                text.AppendLine($"  - known deviation `{f.Expected.Deviation}` would be: `{deviation}`");
            text.AppendLine($"- **Actual** (Nix): `{f.Actual?.ToString() ?? "not observed"}`");
            if (f.Actual?.ErrorMessage is { } message && message.Contains('\n'))
            {
                text.AppendLine();
                text.AppendLine("```");
                text.AppendLine(message.Trim());
                text.AppendLine("```");
            }
            text.AppendLine();
            text.AppendLine("```sh");
            text.AppendLine(ReproCommands.For(minimal, FieldKey.Parse(f.Key)));
            text.AppendLine("```");
            text.AppendLine();
        }
        text.AppendLine("## Minimal reproduction");
        text.AppendLine();
        text.AppendLine("A flake-parts clan; save the files below (or use `repro/` next to this report) and run the commands above in its directory.");
        text.AppendLine("Offline, add `--override-input NAME path:/dir` for nixpkgs, flake-parts, import-tree, clan-core and clan-core's inputs.");
        text.AppendLine();
        foreach (var (path, content) in repro.Files.Where(kv => kv.Key != "flake.lock").OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"`{path}`");
            text.AppendLine();
            text.AppendLine(path.EndsWith(".json", StringComparison.Ordinal) ? "```json" : path.EndsWith(".md", StringComparison.Ordinal) ? "```" : "```nix");
            text.AppendLine(content.TrimEnd());
            text.AppendLine("```");
            text.AppendLine();
        }
        text.AppendLine("## What it contradicts");
        text.AppendLine();
        foreach (var area in areas)
            foreach (var claim in Claims.For(FocusAreas.Parse(area) ?? FocusArea.Errors))
                text.AppendLine($"- {claim}");
        if (meta.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Notes");
            text.AppendLine();
            foreach (var note in meta.Notes) text.AppendLine($"- {note}");
        }
        return text.ToString();
    }

    private static string Title(FieldRecord f)
    {
        var key = FieldKey.Parse(f.Key);
        var where = key.Scope switch
        {
            Scope.Configuration => "in nixosConfigurations/darwinConfigurations",
            Scope.Internals => $"in clanInternals.machines.{key.System}",
            Scope.Stderr => "during evaluation",
            _ => "in the clan outputs",
        };
        var what = key.MachineField switch
        {
            MachineField.Trail => "overlay order (pkgs)",
            MachineField.HostName => "networking.hostName",
            MachineField.List => "list definition order",
            MachineField.Scalar or MachineField.Unique => "option priority resolution",
            MachineField.PkgsConfig => "which nixpkgs.config pkgs are built with",
            MachineField.NixpkgsConfig => "nixpkgs.config merging",
            MachineField.PkgsSystem or MachineField.HostPlatform => "the machine's platform",
            MachineField.NixpkgsAssertions => "nixpkgs assertions",
            MachineField.Roles => "service role membership",
            _ => key.Field switch
            {
                StderrFields.PkgsForSystemCalls => "how often pkgsForSystem is called",
                StderrFields.Warnings => "role tag warnings",
                _ => key.Field,
            },
        };
        var how = (f.Expected.ErrorKind, f.Actual?.ErrorKind) switch
        {
            (null, null) => "differs from the expected value",
            (null, { } actual) => $"fails ({actual}) where a value is expected",
            ({ } expected, null) => $"evaluates where an error ({expected}) is expected",
            _ => "fails differently than expected",
        };
        return $"{what} {where} {how}";
    }
}
