using System.Text.Json;
using Conformance.NixDriver.Evaluation;
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
        if (findings.Count == 0) return Campaigns.ExitCodes.Conforms;
        var reports = await RenderAsync(command.Nix, findings, cancellationToken);
        foreach (var (finding, report) in reports)
        {
            if (command.OutDirectory is { } outDir)
            {
                Directory.CreateDirectory(outDir);
                var path = Path.Combine(outDir, finding.Name + ".md");
                await File.WriteAllTextAsync(path, report, cancellationToken);
                console.Say($"finding {finding.Number}: {path}");
            }
            else console.Print(report);
        }
        return Campaigns.ExitCodes.Conforms;
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
    public async Task<IReadOnlyList<(Finding Finding, string Report)>> RenderAsync(NixOptions nix, IReadOnlyList<Finding> findings, CancellationToken cancellationToken,
        string regenerate = Regenerate)
    {
        sessions.Validate(nix);
        await using var session = await sessions.StartAsync(nix, cancellationToken);
        var options = sessions.ObserverOptions(nix);
        var target = await sessions.TargetAsync(session, nix, options, cancellationToken);
        var renderer = await Renderer.OpenAsync(session, target, options.LockFile, options.Timeout, cancellationToken);
        var reports = new List<(Finding, string)>();
        foreach (var finding in findings) reports.Add((finding, await renderer.RenderAsync(finding, regenerate, cancellationToken)));
        return reports;
    }

    /// <summary>
    /// Renders reports against one target of an open session (<c>report</c>'s own, or a campaign's
    /// revision under test): what Nix says it evaluated is read once, then each report costs one
    /// evaluation, its reproduction's. Safe to use from several causes at once.
    /// </summary>
    public sealed class Renderer
    {
        private readonly NixSession _session;
        private readonly EvaluationTarget _target;
        private readonly IReadOnlyDictionary<string, InputPin> _lockPins;
        private readonly ReproductionRun _environment;
        private readonly TimeSpan _timeout;
        private readonly string? _claimsTree;
        private readonly bool _atPin;
        private readonly string? _pinnedRevision;

        private Renderer(NixSession session, EvaluationTarget target, IReadOnlyDictionary<string, InputPin> lockPins, ReproductionRun environment, TimeSpan timeout)
        {
            (_session, _target, _lockPins, _environment, _timeout) = (session, target, lockPins, environment, timeout);
            // Claims are quoted at the revision evaluated: its tree is clan-core's override (a revision's tree, or the inputs map's).
            _claimsTree = target.Evaluator.Overrides.FirstOrDefault(o => o.Input == "clan-core")?.LocalDirectory ?? session.Inputs?.Directories.GetValueOrDefault("clan-core");
            var pinned = lockPins.GetValueOrDefault("clan-core");
            _atPin = pinned is not null && pinned.NarHash == environment.ClanCoreNarHash;
            _pinnedRevision = pinned?.Rev;
        }

        public static async Task<Renderer> OpenAsync(NixSession session, EvaluationTarget target, string? lockFile, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (lockFile is null) throw new UsageException("fixtures/test-clan/flake.lock was not found: run from the repository, whose lock pins the reports' inputs.");
            var lockPins = InputPin.FromLock(lockFile);
            return new Renderer(session, target, lockPins, await EnvironmentAsync(session, target, lockFile, lockPins, cancellationToken), timeout);
        }

        /// <summary>A finding's report and its verification note (naming <paramref name="regenerate"/>), from one run of its reproduction.</summary>
        public async Task<string> RenderAsync(Finding finding, string regenerate, CancellationToken cancellationToken)
        {
            var located = finding.Claim is { } claim && _claimsTree is not null ? Locate(finding, claim, _claimsTree, strict: _atPin) : null;
            var (tree, run) = await ReproduceAsync(_session, _target.Evaluator, finding, _environment, _lockPins, _timeout, cancellationToken);
            return FindingReport.Render(finding, tree, run, located, _pinnedRevision)
                + FindingReport.VerificationNote(finding, regenerate, _target.Evaluator.Overrides.Select(o => o.Input), run.OfflineNixpkgs);
        }
    }

    /// <summary>The environment a report names: Nix's version and what Nix says it evaluated.</summary>
    private static async Task<ReproductionRun> EnvironmentAsync(NixSession session, EvaluationTarget target, string lockFile,
        IReadOnlyDictionary<string, InputPin> lockPins, CancellationToken cancellationToken)
    {
        var meta = await Campaigns.VersionProbe.ReadMetaAsync(session, lockFile, cancellationToken, target.Evaluator);
        static string? Text(JsonElement e, string input, string key) =>
            e.GetProperty(input).TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var narHash = Text(meta, "clan-core", "narHash") ?? throw new UsageException("Nix reports no narHash for clan-core; the report cannot pin it.");
        var pinned = lockPins.TryGetValue("clan-core", out var p) ? p : null;
        // A revision evaluated from the history clone names its commit; the inputs map's tree is the
        // lock's revision when its content hash says so, and nothing else can be pinned for a reader.
        var revision = target.Versions.ClanCoreRevision?.Hash
            ?? (pinned is not null && pinned.NarHash == narHash && pinned.Rev is { } pinnedRev ? pinnedRev
                : throw new UsageException($"clan-core's tree (narHash {narHash}) is not the revision fixtures/test-clan/flake.lock pins; pass --clan-core-repo DIR --clan-core-rev REV to report on another revision."));
        // The reader's nixpkgs is the one flake.nix pins; the tree that ran offline is named in the verification note.
        var nixpkgs = lockPins.TryGetValue("nixpkgs", out var n) ? $"{n.Url} (narHash `{n.NarHash}`)" : "as clan-core locks it";
        var offline = $"nixpkgs {meta.GetProperty("nixpkgs").GetProperty("version").GetString()} (narHash {Text(meta, "nixpkgs", "narHash")})";
        return new ReproductionRun("", "", meta.GetProperty("nix").GetString() ?? "?", revision, narHash,
            target.Versions.ClanCoreRevision?.Date.ToString("yyyy-MM-dd"), nixpkgs) { OfflineNixpkgs = offline };
    }

    /// <summary>
    /// Runs a finding's reproduction: its pinned flake written to a fresh directory, its command run
    /// there by the session's Nix with the session's overrides. Output as a terminal shows it: what
    /// Nix wrote to stderr (traces, warnings, the error), then stdout.
    /// </summary>
    public static async Task<(RenderedTree Tree, ReproductionRun Run)> ReproduceAsync(NixSession session, NixEvaluator evaluator, Finding finding,
        ReproductionRun environment, IReadOnlyDictionary<string, InputPin> lockPins, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tree = ReportFlake.Render(ClanRenderer.Render(finding.Case), InputPin.ClanCore(environment.ClanCoreRevision, environment.ClanCoreNarHash), lockPins);
        var command = ReproCommand.For(finding.Case, finding.Field, ObservationHints.Tried(finding.Case));
        command = command with { Apply = ReportFlake.Neutral(command.Apply) };
        if (command.Output != ReproOutput.Value)
            throw new UsageException($"finding {finding.Number}: field {finding.Field} is not shown by one value command; pick an evaluated field.");
        var dir = session.CreateScratchDirectory("finding-" + finding.Number);
        tree.WriteTo(dir);
        var request = NixEvalRequest.Attribute(dir, [.. command.AttributePath]).WithApply(command.Apply).WithTimeout(timeout);
        var result = await evaluator.Backend.RunAsync(evaluator.BuildCommand(request), cancellationToken);
        if (!result.Succeeded && NixErrorClassifier.Classify(result.Stderr) is null)
            throw new NixDriver.Backends.NixInfrastructureException($"finding {finding.Number}: nix exited with {result.ExitCode} without an error message: {result.Stderr.Trim()}");
        var output = string.Join('\n', new[] { Printed(result.Stderr), result.Stdout.Trim('\n') }.Where(s => s.Length > 0));
        return (tree, environment with { Command = command.ToShellString(), Output = output });
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
