using Conformance.Model.Coverage;
using Conformance.NixDriver.Observing;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Coverage;

/// <summary>
/// <c>coverage</c>: which of clan-core's user-facing options the harness generates, predicts and
/// observes, measured from Nix at a revision (<see cref="DeclarationReader"/>) against the
/// registry (<see cref="CoverageRegistry"/>), and how many of clan-core's eval tests the model
/// specs re-express (<c>clan-core-eval-tests.json</c>). With <c>--base</c> and <c>--head</c>: what
/// the head declares that the base does not, and which of it nothing generates (schema drift).
/// Exit 0; with --base/--head 1 when the head adds options nothing generates; 2 usage or infrastructure.
/// </summary>
internal sealed class CoverageRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, RepositoryFiles repository, RunnerConsole console)
{
    public async Task<int> RunAsync(CoverageCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var catalogue = Catalogue();
        var options = sessions.ObserverOptions(command.Nix);
        var diff = command.BaseRevision is not null;
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken, diff ? revisions.EnsureTreesRoot() : null);

        var targets = new List<(string Name, EvaluationTarget Target)>();
        if (command.BaseRevision is { } baseRev && command.HeadRevision is { } headRev)
        {
            var repo = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
            foreach (var rev in new[] { baseRev, headRev })
            {
                var revision = await revisions.ResolveAsync(repo, rev, cancellationToken);
                targets.Add((revision.ShortHash, await revisions.TargetAsync(session, repo, revision, options.LockFile, cancellationToken)));
            }
        }
        else
        {
            var target = await sessions.TargetAsync(session, command.Nix, options, cancellationToken);
            targets.Add((target.Versions.ClanCoreRevision?.ShortHash ?? "clan-core", target));
        }

        var reports = new List<(string Name, string ClanCore, CoverageReport Report, IReadOnlyList<string> Tests)>();
        foreach (var (name, target) in targets)
        {
            console.Say($"coverage of {target.Versions.ClanCore}; nix {target.Versions.Nix}");
            var declarations = await DeclarationReader.ReadAsync(session, target.Evaluator, options.LockFile, options.Timeout, cancellationToken);
            if (declarations.EvalTestsUnlisted is { } why) console.Say($"  eval tests not listed ({why}): the catalogue's stand for them");
            var report = Model.Coverage.Coverage.Compute(OptionListing.From(declarations.Options),
                CoverageRegistry.Setters, CoverageRegistry.Predictors, CoverageRegistry.Observers, catalogue, declarations.EvalTests);
            var tests = (declarations.EvalTests ?? catalogue.Select(t => (t.Suite, t.Test)).ToList()).Select(t => t.Item1 + ":" + t.Item2).ToList();
            reports.Add((name, target.Versions.ClanCore, report, tests));
        }

        if (!diff)
        {
            var (_, clanCore, report, _) = reports[0];
            if (command.JsonFile is { } json) Corpus.AtomicFile.Write(json, Corpus.RecordJson.Serialize(CoverageJson.Of(clanCore, report)));
            console.Print(CoverageTable.Render(report));
            return ExitCodes.Conforms;
        }
        var (baseName, _, baseReport, baseTests) = reports[0];
        var (headName, _, headReport, headTests) = reports[1];
        var changes = CoverageDiff.Of(baseReport, headReport, baseTests, headTests);
        if (command.JsonFile is { } diffJson)
            Corpus.AtomicFile.Write(diffJson, Corpus.RecordJson.Serialize(CoverageJson.Of(reports[0].ClanCore, reports[1].ClanCore, changes, headReport)));
        console.Print(CoverageTable.RenderDiff(changes, baseName, headName));
        return changes.Drift.Count == 0 ? ExitCodes.Conforms : ExitCodes.Fails;
    }

    private IReadOnlyList<EvalTest> Catalogue()
    {
        var path = repository.EvalTestCataloguePath ?? throw new UsageException("coverage reads clan-core-eval-tests.json from its repository; run it from a checkout.");
        if (!File.Exists(path)) throw new UsageException($"{path} does not exist: the eval-test catalogue belongs to the repository (git checkout it).");
        try
        {
            return EvalTestCatalogue.Parse(File.ReadAllText(path)).Tests;
        }
        catch (FormatException e)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
    }
}

/// <summary>The JSON forms <c>coverage --json FILE</c> writes: one revision's report, or the diff of two (schema drift a script can read).</summary>
internal static class CoverageJson
{
    public sealed record OptionRow(string Path, string Tree, string Group, string Type, bool ReadOnly, bool Generated, bool Predicted, bool Observed,
        IReadOnlyList<string> SetBy, IReadOnlyList<string> PredictedBy, IReadOnlyList<string> ObservedBy, IReadOnlyList<string> DeclaredIn);

    public sealed record Report(string ClanCore, IReadOnlyList<OptionRow> Options, IReadOnlyList<GroupCoverage> Groups, EvalTestCoverage EvalTests,
        IReadOnlyList<string> UnmatchedPatterns, int CoveredOptions, int CoveredGroups);

    public sealed record Diff(string Base, string Head, IReadOnlyList<OptionRow> Added, IReadOnlyList<OptionRow> Removed, IReadOnlyList<string> Drift,
        IReadOnlyList<string> AddedTests, IReadOnlyList<string> RemovedTests);

    public static Report Of(string clanCore, CoverageReport r) =>
        new(clanCore, r.Options.Select(Row).ToList(), r.Groups, r.EvalTests, r.UnmatchedPatterns, r.CoveredOptions, r.CoveredGroups);

    public static Diff Of(string baseClanCore, string headClanCore, CoverageDiff d, CoverageReport head) =>
        new(baseClanCore, headClanCore, d.AddedOptions.Select(Row).ToList(), d.RemovedOptions.Select(Row).ToList(),
            d.Drift.Select(o => o.Option.Path.Text).ToList(), d.AddedTests, d.RemovedTests);

    private static OptionRow Row(OptionCoverage o) =>
        new(o.Option.Path.Text, o.Option.Path.Tree.Prefix(), o.Option.Group, o.Option.Type, o.Option.ReadOnly, o.Generated, o.Predicted, o.Observed,
            o.SetBy, o.PredictedBy, o.ObservedBy, o.Option.DeclaredIn);
}
