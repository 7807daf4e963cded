using System.Globalization;
using System.Text;
using Conformance.Model.Coverage;

namespace Conformance.Runner.Coverage;

/// <summary>
/// The coverage report as text: every declared option (one line each, marked G generated,
/// P predicted, O observed), the groups, what is left, the eval tests per suite, and the three
/// summary lines last. Pure.
/// </summary>
internal static class CoverageTable
{
    public static string Render(CoverageReport report)
    {
        var b = new StringBuilder();
        foreach (var tree in report.Options.GroupBy(o => o.Option.Path.Tree))
        {
            b.AppendLine($"{tree.Key.Prefix()}: {tree.Count(o => o.Covered)}/{tree.Count()} option(s) generated, predicted and observed");
            foreach (var o in tree)
                b.AppendLine($"  {Marks(o)}  {o.Option.Path.Text}{(o.Option.ReadOnly ? "  (read-only)" : "")}");
        }
        b.AppendLine();
        b.AppendLine("option groups (covered when one of their options is generated, predicted and observed):");
        foreach (var g in report.Groups)
            b.AppendLine($"  {(g.Covered ? "covered" : "-      ")}  {g.Group}: {g.CoveredOptions}/{g.Options} option(s) (G {g.GeneratedOptions}, P {g.PredictedOptions}, O {g.ObservedOptions})");
        b.AppendLine();
        b.AppendLine("what is left, by group (options neither generated, predicted nor observed marked '---'):");
        foreach (var g in report.Options.Where(o => !o.Covered).GroupBy(o => o.Option.Group))
            b.AppendLine($"  {g.Key}: " + string.Join(", ", g.Select(o => $"{Rest(o.Option)} {Marks(o)}")));
        if (report.UnmatchedPatterns.Count > 0)
        {
            b.AppendLine();
            b.AppendLine($"registry patterns matching no declared option ({report.UnmatchedPatterns.Count}): a registry mistake, or an option upstream removed or hid:");
            foreach (var p in report.UnmatchedPatterns) b.AppendLine("  " + p);
        }
        var tests = report.EvalTests;
        b.AppendLine();
        b.AppendLine(tests.ListedByNix
            ? "clan-core eval tests (listed from its flake's legacyPackages.x86_64-linux.evalTests-*), per suite:"
            : "clan-core eval tests (its flake's evalTests-* could not be listed at this revision: the catalogue's), per suite:");
        foreach (var (suite, listed, expressed) in tests.Suites)
            b.AppendLine($"  {suite}: {expressed}/{listed} expressed");
        if (tests.Uncatalogued.Count > 0)
            b.AppendLine($"  not in clan-core-eval-tests.json ({tests.Uncatalogued.Count}): {string.Join(", ", tests.Uncatalogued)}");
        if (tests.Stale.Count > 0)
            b.AppendLine($"  catalogued but not listed at this revision ({tests.Stale.Count}): {string.Join(", ", tests.Stale)}");
        b.AppendLine();
        b.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"options: {report.CoveredOptions}/{report.Options.Count} generated, predicted and observed ({Percent(report.CoveredOptions, report.Options.Count)}; " +
            $"generated {report.Options.Count(o => o.Generated)}, predicted {report.Options.Count(o => o.Predicted)}, observed {report.Options.Count(o => o.Observed)})"));
        b.AppendLine($"option groups: {report.CoveredGroups}/{report.Groups.Count} generated, predicted and observed");
        b.AppendLine($"clan-core eval tests: {tests.Expressed}/{tests.Listed} expressed as model specs");
        return b.ToString();
    }

    public static string RenderDiff(CoverageDiff diff, string baseName, string headName)
    {
        var b = new StringBuilder();
        b.AppendLine($"options {headName} declares that {baseName} does not ({diff.AddedOptions.Count}):");
        foreach (var o in diff.AddedOptions) b.AppendLine($"  {Marks(o)}  {o.Option.Path.Text}  ({o.Option.Type}; {string.Join(", ", o.Option.DeclaredIn)})");
        b.AppendLine($"options {baseName} declares that {headName} does not ({diff.RemovedOptions.Count}):");
        foreach (var o in diff.RemovedOptions) b.AppendLine($"  {Marks(o)}  {o.Option.Path.Text}");
        b.AppendLine($"eval tests added ({diff.AddedTests.Count}): {string.Join(", ", diff.AddedTests)}");
        b.AppendLine($"eval tests removed ({diff.RemovedTests.Count}): {string.Join(", ", diff.RemovedTests)}");
        b.AppendLine($"schema drift: {diff.Drift.Count} option(s) added that nothing generates" + (diff.Drift.Count == 0 ? "" : ": " + string.Join(", ", diff.Drift.Select(o => o.Option.Path.Text))));
        return b.ToString();
    }

    private static string Marks(OptionCoverage o) => (o.Generated ? "G" : "-") + (o.Predicted ? "P" : "-") + (o.Observed ? "O" : "-");

    /// <summary>The option's path below its group (the group itself when the option is the group).</summary>
    private static string Rest(DeclaredOption o) =>
        o.Path.Text.StartsWith(o.Group + ".", StringComparison.Ordinal) ? o.Path.Text[(o.Group.Length + 1)..] : o.Path.Text == o.Group ? "(itself)" : o.Path.Text;

    private static string Percent(int n, int m) => m == 0 ? "–" : (100.0 * n / m).ToString("0", CultureInfo.InvariantCulture) + " %";
}
