using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Reports;

/// <summary>
/// <c>export --clan-core-patch PATH --out DIR --clan-core-repo CLONE</c>: a finding or a saved
/// failure as a patch to clan-core that adds a test in clan-core's own shape
/// (<see cref="ClanRenderer.ClanCoreTest"/>) where its eval checks collect it
/// (<see cref="ClanCorePatch"/>), for the revision the report is about: a failure's revision under
/// test, a finding's pinned clan-core (or <c>--clan-core-rev</c>). The patch is generated from that
/// revision's files at run time and written to <c>DIR/NAME.patch</c>; then it is applied there (and,
/// for a diff's failure, on the base revision too) and the test evaluated as the eval check would
/// (<c>expr == expected</c> by <c>nix eval</c>; nix-unit is not needed). What each revision must
/// show: a regression test fails on the bad revision and passes on the good one; a bug's test
/// (what should happen) fails while the bug is there; a docs finding's test (today's behaviour,
/// which the docs should describe) passes. Exit 0 when every test does, 1 when one does not.
/// </summary>
internal sealed class PatchExportRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, RepositoryFiles repository, RunnerConsole console)
{
    /// <summary>A test to add and where it must pass or fail.</summary>
    /// <param name="Expectations">Each revision the test is evaluated on, and whether it must pass there.</param>
    internal sealed record Target(string Name, string Subject, string Body, ClanCoreTest Test, RevisionInfo Reported, IReadOnlyList<(RevisionInfo Revision, bool Passes)> Expectations);

    /// <summary>One evaluation: the test on a revision (null result: the patch did not apply or <c>expr</c> threw, as <see cref="Error"/> says).</summary>
    internal sealed record Outcome(Target Target, RevisionInfo Revision, bool ShouldPass, NixUnitCheck.Result? Result, string? Error)
    {
        public bool Passes => Result?.Passes == true;

        public bool AsExpected => Passes == ShouldPass && (Error is null || !Error.StartsWith("patch:", StringComparison.Ordinal));
    }

    public async Task<int> RunAsync(ExportCommand command, CancellationToken cancellationToken)
    {
        var clone = command.Nix.ClanCoreRepository ?? throw new UsageException("export --clan-core-patch needs --clan-core-repo CLONE: the patch is made from the reported revision's files and checked there.");
        var repo = await revisions.OpenAsync(clone, cancellationToken);
        var targets = await TargetsAsync(command.Path, command.Nix, repo, cancellationToken);
        foreach (var target in targets)
        {
            var patch = await PatchAsync(repo, [target], target.Reported, target.Subject, target.Body, cancellationToken);
            Directory.CreateDirectory(command.OutDirectory);
            var path = Path.Combine(command.OutDirectory, target.Name + ".patch");
            await File.WriteAllTextAsync(path, patch, cancellationToken);
            console.Say($"{target.Name}: {path} (adds {target.Test.Path}, for clan-core {target.Reported.ShortHash})");
        }
        var outcomes = await CheckAsync(command.Nix, repo, targets, cancellationToken);
        foreach (var o in outcomes) console.Print(Describe(o));
        return outcomes.All(o => o.AsExpected) ? ExitCodes.Conforms : ExitCodes.Fails;
    }

    /// <summary>One line per outcome: the test, the revision, what it did and whether that is what it should do there.</summary>
    public static string Describe(Outcome o) =>
        $"{o.Target.Name} on clan-core {o.Revision.Describe()}: {(o.Passes ? "passes" : "FAILS")}" +
        (o.Error is not null ? $" ({o.Error})" : o.Result is { } r ? $" (expr {r.Expr?.ToJsonString() ?? "null"})" : "") +
        (o.AsExpected ? ", as it should there" : $" — it should {(o.ShouldPass ? "pass" : "fail")} there");

    /// <summary>The patch adding <paramref name="targets"/>' tests to <paramref name="revision"/>: made from that revision's entry files.</summary>
    public async Task<string> PatchAsync(GitRepository repo, IReadOnlyList<Target> targets, RevisionInfo revision, string subject, string body, CancellationToken cancellationToken)
    {
        var tree = await revisions.TreeDirectoryAsync(repo, revision, cancellationToken);
        string Entry(string file)
        {
            var path = Path.Combine(tree, file);
            return File.Exists(path) ? File.ReadAllText(path)
                : throw new UsageException($"clan-core {revision.ShortHash} has no {file}: its tests are laid out differently from the pin's; pick a newer revision.");
        }
        try
        {
            return ClanCorePatch.Render(targets.Select(t => t.Test).ToList(), Entry, subject, body);
        }
        catch (FormatException e)
        {
            throw new UsageException($"clan-core {revision.ShortHash}: {e.Message}");
        }
    }

    /// <summary>
    /// Every target's test on each revision it names, in one session: per revision one patch adding
    /// all of that revision's tests (so its tree is patched and added to the store once), each test
    /// then evaluated on its own (a throwing <c>expr</c> takes down only its own evaluation).
    /// </summary>
    public async Task<IReadOnlyList<Outcome>> CheckAsync(NixOptions nix, GitRepository repo, IReadOnlyList<Target> targets, CancellationToken cancellationToken)
    {
        sessions.Validate(nix with { ClanCoreRepository = null });
        await using var session = await sessions.StartAsync(nix with { ClanCoreRepository = null, ClanCoreRevision = null }, cancellationToken, revisions.EnsureTreesRoot());
        var timeout = sessions.ObserverOptions(nix).Timeout;
        var outcomes = new List<Outcome>();
        var byRevision = targets.SelectMany(t => t.Expectations.Select(e => (Target: t, e.Revision, e.Passes))).GroupBy(x => x.Revision);
        foreach (var group in byRevision)
        {
            var revision = group.Key;
            var tests = group.ToList();
            string patched;
            try
            {
                var patch = await PatchAsync(repo, tests.Select(t => t.Target).Distinct().ToList(), revision, "tests", "", cancellationToken);
                patched = await PatchedTree.ApplyAsync(await revisions.TreeDirectoryAsync(repo, revision, cancellationToken), patch, revisions.TreesRoot, cancellationToken);
            }
            catch (Exception e) when (e is RevisionException or UsageException)
            {
                outcomes.AddRange(tests.Select(t => new Outcome(t.Target, revision, t.Passes, null, "patch: " + e.Message)));
                continue;
            }
            var evaluator = await session.EvaluatorWithAsync("clan-core", patched, cancellationToken);
            var dir = session.CreateScratchDirectory("clan-core-tests");
            await File.WriteAllTextAsync(Path.Combine(dir, "flake.nix"), NixUnitExport.ClanCoreCheckFlake(tests.Select(t => t.Target.Test).ToList()), cancellationToken);
            IReadOnlyList<NixReplTranscript.Item> items;
            try
            {
                // One repl for the revision: clan-core's flake is evaluated once, each test on its own line.
                items = await evaluator.EvaluateManyAsync(dir, tests.Select((t, i) => t.Target.Test.ExpectedErrorPattern is null
                    ? NixUnitExport.ClanCoreCheckExpression(i) : NixUnitExport.ClanCoreCheckErrorExpression(i)).ToList(), timeout, cancellationToken);
            }
            catch (NixEvaluationException e)
            {
                outcomes.AddRange(tests.Select(t => new Outcome(t.Target, revision, t.Passes, null, $"the patched clan-core does not load: {e.Error.Headline}")));
                continue;
            }
            for (var i = 0; i < tests.Count; i++)
            {
                var (target, _, shouldPass) = tests[i];
                if (target.Test.ExpectedErrorPattern is { } pattern)
                {
                    // nix-unit's expectedError: the test passes when expr throws with a message the pattern matches.
                    var message = items[i].Error?.Message;
                    var passes = message is not null && System.Text.RegularExpressions.Regex.IsMatch(message, pattern);
                    outcomes.Add(new Outcome(target, revision, shouldPass, new NixUnitCheck.Result(passes, items[i].Json is { } v ? JsonNode.Parse(v) : null),
                        message is null ? "expr did not throw" : $"expr throws: {items[i].Error!.Headline}"));
                    continue;
                }
                outcomes.Add(items[i].Json is { } text && JsonNode.Parse(text) is { } json
                    ? new Outcome(target, revision, shouldPass, new NixUnitCheck.Result(json["passes"]!.GetValue<bool>(), json["expr"]?.DeepClone()), null)
                    // nix-unit reports a throwing expr as an error: the test does not pass.
                    : new Outcome(target, revision, shouldPass, null, $"expr throws: {items[i].Error?.Headline}"));
            }
        }
        return outcomes;
    }

    /// <summary>What a path exports: a saved failure, or each finding of a file or directory that has a test.</summary>
    public Task<GitRepository> OpenAsync(string clone, CancellationToken cancellationToken) => revisions.OpenAsync(clone, cancellationToken);

    public Task<RevisionInfo> ResolveAsync(GitRepository repo, string revision, CancellationToken cancellationToken) => revisions.ResolveAsync(repo, revision, cancellationToken);

    public async Task<IReadOnlyList<Target>> TargetsAsync(string path, NixOptions nix, GitRepository repo, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(path, "meta.json"))) return [await FailureAsync(path, nix, repo, cancellationToken)];
        var pinned = nix.ClanCoreRevision ?? (repository.LockFile is { } lockFile ? InputPin.FromLock(lockFile).GetValueOrDefault("clan-core")?.Rev : null)
            ?? throw new UsageException("no revision to patch: pass --clan-core-rev REV (default: the clan-core revision fixtures/test-clan/flake.lock pins, not found here).");
        var reported = await revisions.ResolveAsync(repo, pinned, cancellationToken);
        var targets = new List<Target>();
        foreach (var finding in FindingRunner.Load(path))
        {
            if (!ExportRunner.Exportable(finding))
            {
                console.Say($"finding {finding.Number}: {(finding.Class == FindingClass.Intended ? "intended, no test" : "its expectation is an error, not a value: no expr == expected test")}");
                continue;
            }
            var name = finding.Slug.Replace('-', '_');
            var todayError = finding.Intended ? ExportRunner.TodayError(finding) : null;
            var expected = finding.Intended && todayError is null ? ExportRunner.Today(finding) : finding.ExpectedValue;
            var comment = finding.Intended
                ? $"{finding.Title}: today's behaviour, which the documentation should describe."
                : $"{finding.Title}: expects what should happen, so it fails until the behaviour changes.";
            ClanCoreTest test;
            try
            {
                test = Render(finding.Case, [finding.Field], name, comment, _ => expected, todayError).Test;
            }
            catch (UsageException e) when (Directory.Exists(path))
            {
                // One finding the shape cannot express does not stop the others (a single finding file does).
                console.Say($"finding {finding.Number}: {e.Message}");
                continue;
            }
            var body = $"{finding.Happens}\n\n{finding.Expected}" + (finding.IntroducedBy is { } i ? $"\n\nIntroduced by {i.Commit.ShortHash} ({i.Commit.Date}{(i.Commit.Pr is { } pr ? $", #{pr}" : "")}): {i.Commit.Subject}" : "");
            targets.Add(new Target(name, "tests: " + finding.Title.Replace("`", ""), body, test, reported, [(reported, finding.Intended)]));
        }
        return targets;
    }

    private async Task<Target> FailureAsync(string dir, NixOptions nix, GitRepository repo, CancellationToken cancellationToken)
    {
        var meta = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(Path.Combine(dir, "meta.json")), Path.Combine(dir, "meta.json"));
        var fields = RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), Path.Combine(dir, "verdict.json"));
        var clanCase = CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json")));
        var head = meta.Versions.ClanCoreRevision?.Hash ?? nix.ClanCoreRevision
            ?? throw new UsageException($"{dir} was found on the inputs map's clan-core, no revision: pass --clan-core-rev REV for the revision the patch is for.");
        var reported = await revisions.ResolveAsync(repo, head, cancellationToken);
        var good = meta.BaseVersions?.ClanCoreRevision is { } b ? await revisions.ResolveAsync(repo, b.Hash, cancellationToken) : null;
        // The first differing field the test shape can read and that expects a value (an error is no expr == expected).
        var candidates = fields.Where(f => f.Expected.ErrorKind is null && FieldKey.Parse(f.Key).IsEvaluated).ToList();
        if (candidates.Count == 0)
            throw new UsageException($"{dir}: no differing evaluated field expects a value; nothing to test as expr == expected.");
        var name = "regression_" + meta.Fingerprint;
        var comment = good is null
            ? $"Regression: expects the documented value, which {reported.ShortHash} does not give."
            : $"Regression: expects what clan-core {good.ShortHash} gives, which {reported.ShortHash} changed.";
        var (test, field) = Render(clanCase, candidates.Select(f => FieldKey.Parse(f.Key)).ToList(), name, comment,
            key => candidates.First(f => f.Key == key.Text).Expected.Value?.DeepClone());
        // The report's words about the field the test reads (FailureFinding reports the first field it is given).
        var finding = FailureFinding.From(meta, [.. fields.Where(f => f.Key == field.Text), .. fields.Where(f => f.Key != field.Text)], clanCase, sessions.KnownDeviations(nix));
        var body = $"{finding.Happens}\n\n{finding.Expected}\n\nThe test reads {field.Text.Split('/')[^1]} and expects the value clan-core {(good is null ? "documents" : good.ShortHash + " gives")}.";
        return new Target(name, "tests: " + finding.Title.Replace("`", ""), body, test, reported,
            good is null ? [(reported, false)] : [(reported, false), (good, true)]);
    }

    internal static (ClanCoreTest Test, FieldKey Field) Render(ClanCase clanCase, IReadOnlyList<FieldKey> fields, string name, string comment, JsonNode? expected) =>
        Render(clanCase, fields, name, comment, _ => expected);

    /// <summary>The test for the first of <paramref name="fields"/> that clan-core's test shape can read; the refusals of all, when none can.</summary>
    internal static (ClanCoreTest Test, FieldKey Field) Render(ClanCase clanCase, IReadOnlyList<FieldKey> fields, string name, string comment, Func<FieldKey, JsonNode?> expected,
        string? expectedError = null)
    {
        var refusals = new List<string>();
        foreach (var field in fields)
        {
            try
            {
                return (ClanRenderer.ClanCoreTest(clanCase, field, name, comment, expected(field), expectedError), field);
            }
            catch (ClanCoreTestException e)
            {
                refusals.Add($"{field}: {e.Message}");
            }
        }
        throw new UsageException($"{name} cannot be written as a clan-core test: {string.Join("; ", refusals)}.");
    }
}
