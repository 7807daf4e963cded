using System.Text.Json;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Reducing;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Reports;

/// <summary>
/// <c>report FINDING.json|FINDINGS_DIR</c>: each finding's reproduction run under real Nix, as a
/// reader would run it (the pinned flake, the one command; offline: the same flake with the
/// session's input overrides), and its report written from what Nix printed. With <c>--out DIR</c>
/// the reports are written as <c>DIR/NN-slug.md</c> (the committed <c>findings/reports/</c>), else printed.
/// </summary>
internal sealed class FindingRunner(NixSessionFactory sessions, RunnerConsole console)
{
    /// <summary>The command that regenerates the committed reports (named in each report's verification note).</summary>
    public const string Regenerate = "clan-conformance report findings --out findings/reports";

    public async Task<int> RunAsync(ReportCommand command, CancellationToken cancellationToken)
    {
        var all = Load(command.Path);
        // An intended behaviour is not filed: docs/findings.md names the commit that says so.
        foreach (var skipped in all.Where(f => f.Class == FindingClass.Intended))
            console.Say($"finding {skipped.Number}: intended ({skipped.IntroducedBy?.Commit.ShortHash}), no report");
        var findings = all.Where(f => f.Class != FindingClass.Intended).ToList();
        if (findings.Count == 0) return ExitCodes.Conforms;
        // Each report is written the moment it is rendered: a reduction takes minutes, and a later failure keeps the earlier ones.
        await RenderAsync(command.Nix, findings, cancellationToken, onReport: async (finding, report) =>
        {
            if (command.OutDirectory is { } outDir)
            {
                Directory.CreateDirectory(outDir);
                var path = Path.Combine(outDir, finding.Name + ".md");
                await File.WriteAllTextAsync(path, report, cancellationToken);
                console.Say($"finding {finding.Number}: {path}");
            }
            else console.Print(report);
        });
        return ExitCodes.Conforms;
    }

    public static IReadOnlyList<Finding> Load(string path)
    {
        try
        {
            return FindingFiles.Load(path);
        }
        catch (FindingFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Each finding's report (with its verification note), from one session.</summary>
    /// <param name="regenerate">The command the verification note names (default: regenerating the committed findings' reports).</param>
    /// <param name="contrastRevision">For a diff's failure: the base revision, where a repro must still print the expected value while it is reduced.</param>
    /// <param name="onReport">Called with each report as soon as it is rendered.</param>
    public async Task<IReadOnlyList<(Finding Finding, string Report)>> RenderAsync(NixOptions nix, IReadOnlyList<Finding> findings, CancellationToken cancellationToken,
        string regenerate = Regenerate, string? contrastRevision = null, Introduction? introduced = null, Func<Finding, string, Task>? onReport = null)
    {
        sessions.Validate(nix);
        await using var session = await sessions.StartAsync(nix, cancellationToken);
        var options = sessions.ObserverOptions(nix);
        var target = await sessions.TargetAsync(session, nix, options, cancellationToken);
        var contrast = contrastRevision is null ? null : await sessions.TargetAsync(session, nix with { ClanCoreRevision = contrastRevision }, options, cancellationToken);
        var renderer = await Renderer.OpenAsync(session, target, options.LockFile, options.Timeout, cancellationToken, contrast);
        var reports = new List<(Finding, string)>();
        foreach (var finding in findings)
        {
            var report = await renderer.RenderAsync(finding, regenerate, cancellationToken, introduced: introduced);
            reports.Add((finding, report));
            if (onReport is not null) await onReport(finding, report);
        }
        return reports;
    }

    /// <summary>How long one report's reduction may take when no campaign budget says otherwise (its result is cached in the committed report).</summary>
    public static readonly TimeSpan ReductionBudget = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Renders reports against one target of an open session (<c>report</c>'s own, or a campaign's
    /// revision under test): what Nix says it evaluated is read once, then each report is reduced
    /// (<see cref="ReportReduction"/>; or its committed repro reused when its reduction's input is
    /// unchanged) and its reproduction run as a reader runs it. With a contrast target (a diff's base
    /// revision), candidates must keep printing the base's value there, and the report shows what the
    /// repro prints on both revisions. Safe to use from several causes at once.
    /// </summary>
    public sealed class Renderer
    {
        private readonly NixSession _session;
        private readonly EvaluationTarget _target;
        private readonly EvaluationTarget? _contrast;
        private readonly IReadOnlyDictionary<string, InputPin> _lockPins;
        private readonly ReproductionRun _environment;
        private readonly TimeSpan _timeout;
        private readonly string? _claimsTree;
        private readonly bool _atPin;
        private readonly string? _pinnedRevision;

        private Renderer(NixSession session, EvaluationTarget target, EvaluationTarget? contrast, IReadOnlyDictionary<string, InputPin> lockPins, ReproductionRun environment,
            TimeSpan timeout)
        {
            (_session, _target, _contrast, _lockPins, _environment, _timeout) = (session, target, contrast, lockPins, environment, timeout);
            // Claims are quoted at the revision evaluated: its tree is clan-core's override (a revision's tree, or the inputs map's).
            _claimsTree = target.Evaluator.Overrides.FirstOrDefault(o => o.Input == "clan-core")?.LocalDirectory ?? session.Inputs?.Directories.GetValueOrDefault("clan-core");
            var pinned = lockPins.GetValueOrDefault("clan-core");
            _atPin = pinned is not null && pinned.NarHash == environment.ClanCoreNarHash;
            _pinnedRevision = pinned?.Rev;
        }

        public static async Task<Renderer> OpenAsync(NixSession session, EvaluationTarget target, string? lockFile, TimeSpan timeout, CancellationToken cancellationToken,
            EvaluationTarget? contrast = null)
        {
            if (lockFile is null) throw new UsageException("fixtures/test-clan/flake.lock was not found: run from the repository, whose lock pins the reports' inputs.");
            var lockPins = InputPin.FromLock(lockFile);
            return new Renderer(session, target, contrast, lockPins, await EnvironmentAsync(session, target, lockFile, lockPins, cancellationToken), timeout);
        }

        /// <summary>A finding's report and its verification note (naming <paramref name="regenerate"/>), from its reduced reproduction.</summary>
        /// <param name="budget">How long the reduction may take (default <see cref="ReductionBudget"/>); a reused repro takes none.</param>
        /// <param name="introduced">The commit that introduced the behaviour, where known.</param>
        public async Task<string> RenderAsync(Finding finding, string regenerate, CancellationToken cancellationToken, TimeSpan? budget = null, Introduction? introduced = null)
        {
            var located = finding.Claim is { } claim && _claimsTree is not null ? Locate(finding, claim, _claimsTree, strict: _atPin) : null;
            var clanCore = InputPin.ClanCore(_environment.ClanCoreRevision, _environment.ClanCoreNarHash);
            var sides = new List<ReportReduction.Side> { new("head", _target.Evaluator) };
            if (_contrast is not null) sides.Add(new ReportReduction.Side("base", _contrast.Evaluator));
            var start = ReportReduction.Prepare(finding.Case, finding.Field, clanCore, _lockPins, finding.ExpectedValue, finding.Title,
                [_environment.ClanCoreRevision, .. _contrast is null ? Array.Empty<string>() : [_contrast.Versions.ClanCoreRevision?.Hash ?? _contrast.Versions.ClanCore]]);
            string reduction;
            ReportRepro repro;
            if (Committed(finding, start) is { } committed)
            {
                (repro, reduction) = (committed, CommittedNote(finding));
            }
            else
            {
                var reduced = await new ReportReduction(_session, _timeout).ReduceAsync(start, finding.ExpectedValue, finding.Title, sides, budget ?? ReductionBudget, cancellationToken);
                (repro, reduction) = (reduced.Repro, reduced.Summary);
                // The reduced repro runs as a flake, as a reader runs it; the reducer evaluated it through the batch's call of its outputs.
                var (_, check, outcome) = await ReproduceAsync(_session, _target.Evaluator, finding, repro, _environment, _timeout, cancellationToken);
                if (outcome is null || !outcome.Same(reduced.Outcomes[0]))
                    (repro, reduction) = (reduced.Repro with { Program = (start.Plain is not null && reduced.Repro.FlakeParts == false ? start.Plain : start.FlakeParts).Program },
                        $"{reduction}; the reduced flake printed {outcome?.ToString() ?? check.Output} instead, so the repro is unreduced");
            }
            var (tree, run, _) = await ReproduceAsync(_session, _target.Evaluator, finding, repro, _environment, _timeout, cancellationToken);
            if (_contrast is not null)
            {
                var (_, contrastRun, _) = await ReproduceAsync(_session, _contrast.Evaluator, finding, repro, _environment, _timeout, cancellationToken);
                run = run with { Contrast = (_contrast.Versions.ClanCoreRevision?.Hash ?? _contrast.Versions.ClanCore, _contrast.Versions.ClanCoreRevision?.Date.ToString("yyyy-MM-dd"), contrastRun.Output) };
            }
            return FindingReport.Render(finding, tree, run, located, _pinnedRevision, introduced)
                + FindingReport.VerificationNote(finding, regenerate, _target.Evaluator.Overrides.Select(o => o.Input), run.OfflineNixpkgs, $"reduced from {start.Key}: {reduction}");
        }

        /// <summary>The committed report's repro when it was reduced from exactly this start (its note names the key): reused, not reduced again.</summary>
        private static ReportRepro? Committed(Finding finding, ReportReduction.Start start)
        {
            if (finding.ReportPath is not { } path || !File.Exists(path)) return null;
            var text = File.ReadAllText(path);
            if (!text.Contains($"reduced from {start.Key}:", StringComparison.Ordinal) || FindingReport.ReproductionOf(text) is not { } shown) return null;
            if (ReproCommand.ParseValue(shown.Command) is not { } command) return null;
            var files = shown.Files.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
            files[ReportProfile.CommandFile] = command.Apply;
            var flakeParts = files.TryGetValue("flake.nix", out var flake) && flake.Contains("flake-parts", StringComparison.Ordinal);
            try
            {
                return new ReportRepro(NixDriver.Rendering.Reduction.ReproProgram.Parse(new RenderedTree(files)), command.AttributePath, flakeParts);
            }
            catch (NixDriver.Rendering.Syntax.NixParseException)
            {
                return null;
            }
        }

        /// <summary>What the committed report's note says of its reduction (kept when the repro is reused).</summary>
        private static string CommittedNote(Finding finding)
        {
            var text = File.ReadAllText(finding.ReportPath!);
            var match = System.Text.RegularExpressions.Regex.Match(text, @"reduced from [0-9a-f]+: (.*?)\. (?:The live test|-->)", System.Text.RegularExpressions.RegexOptions.Singleline);
            return match.Success ? match.Groups[1].Value : "reused";
        }
    }

    /// <summary>The environment a report names: Nix's version and what Nix says it evaluated.</summary>
    private static async Task<ReproductionRun> EnvironmentAsync(NixSession session, EvaluationTarget target, string lockFile,
        IReadOnlyDictionary<string, InputPin> lockPins, CancellationToken cancellationToken)
    {
        var meta = await VersionProbe.ReadMetaAsync(session, lockFile, cancellationToken, target.Evaluator);
        static string? Text(JsonElement e, string input, string key) =>
            e.GetProperty(input).TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var narHash = Text(meta, "clan-core", "narHash") ?? throw new UsageException("Nix reports no narHash for clan-core; the report cannot pin it.");
        var pinnedClanCore = lockPins.TryGetValue("clan-core", out var p) ? p : null;
        // A revision evaluated from the history clone names its commit; the inputs map's tree is the
        // lock's revision when its content hash says so, and nothing else can be pinned for a reader.
        var revision = target.Versions.ClanCoreRevision?.Hash
            ?? (pinnedClanCore is not null && pinnedClanCore.NarHash == narHash && pinnedClanCore.Rev is { } pinnedRev ? pinnedRev
                : throw new UsageException($"clan-core's tree (narHash {narHash}) is not the revision fixtures/test-clan/flake.lock pins; pass --clan-core-repo DIR --clan-core-rev REV to report on another revision."));
        // The Environment names the nixpkgs Nix evaluated (its narHash says which tree), and the one
        // flake.nix pins for a reader when that is another.
        var evaluatedHash = Text(meta, "nixpkgs", "narHash");
        var pinned = lockPins.TryGetValue("nixpkgs", out var n) ? n : null;
        var nixpkgs = pinned is not null && pinned.NarHash == evaluatedHash
            ? $"{pinned.Url} (narHash `{pinned.NarHash}`)"
            : $"{NixpkgsTrees.Describe(evaluatedHash)} (version {meta.GetProperty("nixpkgs").GetProperty("version").GetString()}, narHash `{evaluatedHash}`), " +
              $"which produced the output above; flake.nix pins {(pinned is null ? "clan-core's own nixpkgs" : $"{pinned.Url} (narHash `{pinned.NarHash}`)")} for a reader";
        var offline = $"nixpkgs {meta.GetProperty("nixpkgs").GetProperty("version").GetString()} (narHash {Text(meta, "nixpkgs", "narHash")})";
        return new ReproductionRun("", "", meta.GetProperty("nix").GetString() ?? "?", revision, narHash,
            target.Versions.ClanCoreRevision?.Date.ToString("yyyy-MM-dd"), nixpkgs) { OfflineNixpkgs = offline };
    }

    /// <summary>
    /// Runs a report's reproduction: its files written to a fresh directory, its command run there
    /// by the session's Nix with the session's overrides. Output as a terminal shows it: what Nix
    /// wrote to stderr (traces, warnings, the error), then stdout; and what it shows, as the reducer
    /// compares it (null: neither a value nor a classified error).
    /// </summary>
    public static async Task<(RenderedTree Tree, ReproductionRun Run, ReproOutcome? Outcome)> ReproduceAsync(NixSession session, NixEvaluator evaluator, Finding finding,
        ReportRepro repro, ReproductionRun environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tree = repro.Files;
        var command = repro.Command;
        var dir = session.CreateScratchDirectory("finding-" + finding.Number);
        tree.WriteTo(dir);
        var request = NixEvalRequest.Attribute(dir, [.. command.AttributePath]).WithApply(command.Apply).WithTimeout(timeout);
        var result = await evaluator.Backend.RunAsync(evaluator.BuildCommand(request), cancellationToken);
        var error = result.Succeeded ? null : NixErrorClassifier.Classify(result.Stderr);
        if (!result.Succeeded && error is null)
            throw new NixDriver.Backends.NixInfrastructureException($"finding {finding.Number}: nix exited with {result.ExitCode} without an error message: {result.Stderr.Trim()}");
        var output = string.Join('\n', new[] { Printed(result.Stderr), result.Stdout.Trim('\n') }.Where(s => s.Length > 0));
        ReproOutcome? outcome;
        try { outcome = error is not null ? ReproOutcome.Failed(error) : ReproOutcome.Printed(result.Stdout); }
        catch (JsonException) { outcome = null; }
        return (tree, environment with { Command = command.ToShellString(), Output = output }, outcome);
    }

    /// <summary>
    /// What Nix printed on stderr about the evaluation: its traces and its error (from the first
    /// <c>error:</c> line on). The rest is about the offline run's own input overrides (the lock it
    /// would write, overrides of inputs an input lacks, no Internet), which a reader's run without
    /// overrides does not print.
    /// </summary>
    public static string Printed(string stderr)
    {
        var lines = stderr.Replace("\r", "").Split('\n');
        var error = Array.FindIndex(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
        var before = (error < 0 ? lines : lines[..error]).Where(l => l.StartsWith("trace: ", StringComparison.Ordinal));
        return string.Join('\n', before.Concat(error < 0 ? [] : lines[error..])).Trim('\n');
    }

    /// <summary>
    /// The claim as the evaluated revision's file has it: at the pin the quote must be on its line (else
    /// an error naming the fix: the data is wrong); at another revision it is looked for in the file
    /// (docs move), and null when that revision's file does not hold it.
    /// </summary>
    private static DocClaim? Locate(Finding finding, DocClaim claim, string tree, bool strict)
    {
        var path = Path.Combine(tree, claim.File);
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        var quote = Normalise(claim.Quote.Split('\n')[0]);
        if (claim.Line <= lines.Length && Normalise(lines[claim.Line - 1]).Contains(quote, StringComparison.Ordinal)) return claim;
        if (strict)
            throw new UsageException(lines.Length == 0
                ? $"finding {finding.Number}: {claim.File} is not in clan-core's tree; fix claim.file in findings/{finding.Name}.json."
                : $"finding {finding.Number}: line {claim.Line} of {claim.File} does not hold the quote \"{claim.Quote}\"; fix claim.line (or the quote) in findings/{finding.Name}.json.");
        var moved = Array.FindIndex(lines, l => Normalise(l).Contains(quote, StringComparison.Ordinal));
        return moved < 0 ? null : claim with { Line = moved + 1 };
    }

    private static string Normalise(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
