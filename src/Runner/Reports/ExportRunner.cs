using Conformance.Model.Observations;
using Conformance.NixDriver.Rendering;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Reports;

/// <summary>
/// <c>export --nix-unit PATH --out DIR</c>: findings, or a saved failure, as tests a clan-core
/// maintainer can add as they are: in clan-core's own shape (<see cref="ClanRenderer.ClanCoreTest"/>,
/// the file at its path in clan-core; the console names the line its suite's entry file needs), or,
/// for a case that shape cannot express, the flake-parts form (<see cref="NixUnitExport.Render"/>).
/// A bug's test expects what should happen; a docs finding's today's behaviour; a failure's its
/// expected side (the model's value, or the base revision's in a diff). With <c>--clan-core-repo</c>
/// the tests are then evaluated on <c>--clan-core-rev</c> — clan-core-shaped ones added to that
/// revision's tree (<see cref="PatchExportRunner.CheckAsync"/>), the others by <see cref="NixUnitCheck"/> —
/// and each is said to pass or fail there: exit 0 when all pass, 1 when one fails.
/// </summary>
internal sealed class ExportRunner(NixSessionFactory sessions, RepositoryFiles repository, RunnerConsole console, PatchExportRunner patches)
{
    public async Task<int> RunAsync(ExportCommand command, CancellationToken cancellationToken)
    {
        var lockPins = InputPin.FromLock(repository.LockFile ?? throw new UsageException("fixtures/test-clan/flake.lock was not found: run from the repository."));
        var pin = lockPins["clan-core"];
        var tests = Export(command.Path, pin, lockPins);
        foreach (var test in tests)
        {
            var dir = Path.Combine(command.OutDirectory, test.Name);
            test.Tree.WriteTo(dir);
            console.Say(test.ClanCore is { } shaped
                ? $"{test.Name}: {dir}/{shaped.Path} (clan-core's {shaped.Suite} suite; {shaped.EntryFile} imports it with: {shaped.Registration})"
                : $"{test.Name}: {dir}/default.nix (the case's flake-parts modules, evaluated against the options they use, because {test.Why})");
        }
        if (command.Nix.ClanCoreRepository is null) return ExitCodes.Conforms;
        var results = new List<(string Revision, string Name, NixUnitCheck.Result? Result)>();
        // A test in clan-core's shape is evaluated where clan-core's eval check finds it: applied to the revision's tree (PatchExportRunner).
        var clanCoreShaped = tests.Where(t => t.ClanCore is not null).ToList();
        if (clanCoreShaped.Count > 0)
        {
            var repo = await patches.OpenAsync(command.Nix.ClanCoreRepository, cancellationToken);
            var revision = await patches.ResolveAsync(repo, command.Nix.ClanCoreRevision ?? "HEAD", cancellationToken);
            var targets = clanCoreShaped.Select(t => new PatchExportRunner.Target(t.Name, "tests", "", t.ClanCore!, revision, [(revision, true)])).ToList();
            foreach (var o in await patches.CheckAsync(command.Nix, repo, targets, cancellationToken))
                results.Add((revision.ShortHash, o.Target.Test.TestAttribute, o.Result));
        }
        var others = tests.Where(t => t.ClanCore is null).Select(t => t.Tree).ToList();
        if (others.Count > 0) results.AddRange(await EvaluateAsync(command.Nix, others, cancellationToken));
        foreach (var (revision, name, result) in results)
            console.Print(result is { } r
                ? $"{name} on clan-core {revision}: {(r.Passes ? "passes" : "FAILS")} (expr {r.Expr?.ToJsonString() ?? "null"})"
                : $"{name} on clan-core {revision}: FAILS (expr throws)");
        return results.All(r => r.Result?.Passes == true) ? ExitCodes.Conforms : ExitCodes.Fails;
    }

    /// <summary>
    /// One exported test: in clan-core's own shape (<see cref="ClanCore"/>: the tree holds the file at
    /// its path in clan-core), or, for a case that shape cannot express (<see cref="Why"/>), the case's
    /// flake-parts modules evaluated against the options they use (<c>default.nix</c> and the modules).
    /// </summary>
    public sealed record ExportedTest(string Name, RenderedTree Tree, ClanCoreTest? ClanCore, string? Why);

    /// <summary>Each test of <paramref name="tests"/> evaluated on the revision <paramref name="nix"/> names: per test its revision, name and result (null: expr throws).</summary>
    public async Task<IReadOnlyList<(string Revision, string Name, NixUnitCheck.Result? Result)>> EvaluateAsync(NixOptions nix, IReadOnlyList<RenderedTree> tests,
        CancellationToken cancellationToken)
    {
        sessions.Validate(nix);
        await using var session = await sessions.StartAsync(nix, cancellationToken);
        var options = sessions.ObserverOptions(nix);
        var target = await sessions.TargetAsync(session, nix, options, cancellationToken);
        var lockPins = InputPin.FromLock(options.LockFile!);
        var meta = await VersionProbe.ReadMetaAsync(session, options.LockFile, cancellationToken, target.Evaluator);
        var revision = target.Versions.ClanCoreRevision?.Hash ?? lockPins["clan-core"].Rev!;
        var clanCore = InputPin.ClanCore(revision, meta.GetProperty("clan-core").GetProperty("narHash").GetString()!);
        var results = new List<(string, string, NixUnitCheck.Result?)>();
        foreach (var test in tests)
        {
            try
            {
                foreach (var (name, result) in await NixUnitCheck.EvaluateAsync(session, target.Evaluator, test, clanCore, lockPins, options.Timeout, cancellationToken))
                    results.Add((revision[..9], name, result));
            }
            catch (NixDriver.Evaluation.NixEvaluationException)
            {
                results.Add((revision[..9], TestNames(test).FirstOrDefault() ?? "?", null));
            }
        }
        return results;
    }

    /// <summary>The test names a set declares (its <c>test_*</c> attributes).</summary>
    private static IEnumerable<string> TestNames(RenderedTree test) =>
        System.Text.RegularExpressions.Regex.Matches(test.Files["default.nix"], @"^\s*(test_[A-Za-z0-9_'-]+) = \{", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value);

    /// <summary>The test directories a path exports, by name.</summary>
    public static IReadOnlyList<ExportedTest> Export(string path, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        if (File.Exists(Path.Combine(path, "meta.json"))) return [Failure(path, clanCore, lockPins)];
        return FindingRunner.Load(path).Where(Exportable).Select(f => Finding(f, clanCore, lockPins)).ToList();
    }

    /// <summary>
    /// Whether a finding has a test: an intended behaviour has none (nothing is filed); one whose
    /// expectation is an error message, or a docs finding whose behaviour today is an error, is not an
    /// <c>expr == expected</c> comparison of values.
    /// </summary>
    public static bool Exportable(Finding finding) => finding.Class switch
    {
        FindingClass.Intended => false,
        // Today's behaviour: a value (expected), or an error (nix-unit's expectedError) — which only clan-core's own shape writes.
        FindingClass.Docs => finding.ReportPath is { } report && File.Exists(report) && FindingReport.OutputOf(File.ReadAllText(report)) is { } output
                             && (IsJson(output.Split('\n')[^1]) || TodayError(finding) is not null && Finding(finding, NoPin, new Dictionary<string, InputPin>()).ClanCore is not null),
        _ => finding.ExpectedMessage is null,
    };

    /// <summary>No input pin: a test in clan-core's shape needs none (only the flake-parts form pins inputs).</summary>
    private static readonly InputPin NoPin = new("clan-core", "", "");

    /// <summary>
    /// When a finding's report shows an error today: the phrase of its last error line after the quoted
    /// option or attribute (<c>has conflicting definition values</c>), which nix-unit's
    /// <c>expectedError.msg</c> matches; null for a value.
    /// </summary>
    internal static string? TodayError(Finding finding)
    {
        var output = finding.ReportPath is { } path && File.Exists(path) ? FindingReport.OutputOf(File.ReadAllText(path)) : null;
        if (output is null || IsJson(output.Split('\n')[^1])) return null;
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Length > 7);
        if (line is null) return null;
        var phrase = line[7..];
        var quote = phrase.LastIndexOf('\'');
        phrase = (quote >= 0 ? phrase[(quote + 1)..] : phrase).Trim().TrimEnd(':').Trim();
        return phrase.Length >= 8 ? phrase : null;
    }

    private static bool IsJson(string line)
    {
        try { System.Text.Json.Nodes.JsonNode.Parse(line); return true; }
        catch (System.Text.Json.JsonException) { return false; }
    }

    /// <summary>
    /// A finding's test: a behaviour that is not intended expects the value the finding states (the
    /// test fails until clan-core changes); an intended one is guarded as it is today, the value its
    /// generated report shows (what Nix printed at the pin).
    /// </summary>
    public static ExportedTest Finding(Finding finding, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        var todayError = finding.Intended ? TodayError(finding) : null;
        var (expected, comment) = finding.Intended ? (todayError is null ? Today(finding) : null, $"{finding.Title}: today's behaviour, which the documentation should describe.")
            : (finding.ExpectedValue, $"{finding.Title}: expects what should happen, so it fails until the behaviour changes.");
        var name = finding.Slug.Replace('-', '_');
        return Shape(finding.Name, finding.Case, [finding.Field], name, comment, _ => expected,
            () => Test(finding.Case, finding.Field, clanCore, lockPins, $"test_{name}", comment, expected), todayError);
    }

    /// <summary>
    /// The test in clan-core's own shape (<see cref="ClanRenderer.ClanCoreTest"/>) for the first of
    /// <paramref name="fields"/> it can express; else the flake-parts form <paramref name="fallback"/>
    /// builds, with the reason.
    /// </summary>
    private static ExportedTest Shape(string exportName, Model.Cases.ClanCase clanCase, IReadOnlyList<FieldKey> fields, string name, string comment,
        Func<FieldKey, System.Text.Json.Nodes.JsonNode?> expected, Func<RenderedTree> fallback, string? expectedError = null)
    {
        try
        {
            var (test, _) = PatchExportRunner.Render(clanCase, fields, name, comment, expected, expectedError);
            return new ExportedTest(exportName, new RenderedTree(new Dictionary<string, string> { [test.Path] = test.Text }), test, null);
        }
        catch (UsageException e) when (expectedError is null)
        {
            return new ExportedTest(exportName, fallback(), null, e.Message);
        }
        catch (UsageException e)
        {
            throw new UsageException($"{e.Message} (and the flake-parts form compares values only, while this test expects an error)");
        }
    }

    /// <summary>The value a finding's generated report shows today (its output's last line, a JSON value).</summary>
    internal static System.Text.Json.Nodes.JsonNode? Today(Finding finding)
    {
        var output = finding.ReportPath is { } path && File.Exists(path) ? FindingReport.OutputOf(File.ReadAllText(path)) : null;
        if (output is null) throw new UsageException($"finding {finding.Number} is intended: its test guards the value its report shows, and it has no report yet; run report findings --out findings/reports first.");
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(output.Split('\n')[^1]);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new UsageException($"finding {finding.Number} is intended but today it fails (its report shows an error): an error is not guarded as expr == expected; state the behaviour as a value.");
        }
    }

    private static ExportedTest Failure(string dir, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        var meta = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(Path.Combine(dir, "meta.json")), Path.Combine(dir, "meta.json"));
        var fields = RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), Path.Combine(dir, "verdict.json"));
        var clanCase = Model.Cases.CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json")));
        // nix-unit compares values: the differing fields that are evaluated (not read from stderr, not a cost counter) and expect a value.
        var candidates = fields.Where(f => f.Expected.ErrorKind is null && FieldKey.Parse(f.Key).IsEvaluated).ToList();
        var field = candidates.FirstOrDefault()
            ?? throw new UsageException($"{dir}: no differing evaluated field expects a value (each expects an error, is read from stderr or is a cost counter); nothing to export as expr == expected.");
        var comment = $"Regression: expects {(meta.BaseVersions?.ClanCoreRevision is { } b ? $"what clan-core {b.ShortHash} gives" : "the documented value")}.";
        return Shape($"failure-{meta.Fingerprint}", clanCase, candidates.Select(f => FieldKey.Parse(f.Key)).ToList(), "regression_" + meta.Fingerprint, comment,
            key => candidates.First(f => f.Key == key.Text).Expected.Value?.DeepClone(),
            () => Test(clanCase, FieldKey.Parse(field.Key), clanCore, lockPins, "test_" + meta.Fingerprint,
                $"{field.Key}: expected as {(meta.BaseVersions is null ? "the documented behaviour" : "on the parent revision")}", field.Expected.Value?.DeepClone()));
    }

    private static RenderedTree Test(Model.Cases.ClanCase clanCase, FieldKey key, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins, string name,
        string comment, System.Text.Json.Nodes.JsonNode? expected)
    {
        var report = ReportFlake.Render(ClanRenderer.Render(clanCase), clanCore, lockPins);
        var command = ReproCommand.For(clanCase, key, ObservationHints.Tried(clanCase));
        command = command with { Apply = ReportFlake.Neutral(command.Apply) };
        if (command.Output != ReproOutput.Value) throw new UsageException($"{name}: {key} is read from what Nix prints on stderr, which a nix-unit test cannot compare.");
        return NixUnitExport.Render(report, command, name, comment, expected);
    }
}

/// <summary>
/// Evaluates an exported nix-unit test set without nix-unit (not in this environment): a flake
/// imports it with nixpkgs' <c>lib</c> and clan-core's <c>clanLib</c>, and plain <c>nix eval</c> prints
/// <c>expr == expected</c> per test. An <c>expr</c> that throws fails the whole evaluation, as nix-unit
/// would report that test as an error.
/// </summary>
internal static class NixUnitCheck
{
    /// <summary>One test's result: nix-unit's verdict and the value <c>expr</c> evaluated to.</summary>
    public sealed record Result(bool Passes, System.Text.Json.Nodes.JsonNode? Expr);

    public static async Task<IReadOnlyDictionary<string, Result>> EvaluateAsync(NixDriver.Sessions.NixSession session, NixDriver.Evaluation.NixEvaluator evaluator,
        RenderedTree test, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var dir = session.CreateScratchDirectory("nix-unit");
        new RenderedTree(new Dictionary<string, string> { ["flake.nix"] = NixUnitExport.RunnerFlake(clanCore, lockPins) }).WriteTo(dir);
        foreach (var (path, content) in test.Under("test")) new RenderedTree(new Dictionary<string, string> { [path] = content }).WriteTo(dir);
        var result = await evaluator.EvaluateAsync(NixDriver.Evaluation.NixEvalRequest.Attribute(dir, "tests").WithApply(NixUnitExport.ResultsApply).WithTimeout(timeout), cancellationToken);
        return System.Text.Json.Nodes.JsonNode.Parse(result.Json)!.AsObject()
            .ToDictionary(kv => kv.Key, kv => new Result(kv.Value!["passes"]!.GetValue<bool>(), kv.Value["expr"]?.DeepClone()));
    }
}
