namespace Conformance.Model.Coverage;

/// <summary>
/// Which of clan-core's declared options the harness covers, computed from plain inputs: the
/// options Nix lists (<see cref="DeclaredOption"/>), what the generators can set, what the model
/// predicts and what the fields observe (<see cref="IOptionSetter"/>, <see cref="IOptionPredictor"/>,
/// <see cref="IOptionObserver"/>), and the eval-test catalogue against the tests the revision lists.
/// Pure: the same inputs give the same report.
/// </summary>
public static class Coverage
{
    public static CoverageReport Compute(
        IReadOnlyList<DeclaredOption> declared,
        IReadOnlyList<IOptionSetter> setters,
        IReadOnlyList<IOptionPredictor> predictors,
        IReadOnlyList<IOptionObserver> observers,
        IReadOnlyList<EvalTest> catalogue,
        IReadOnlyList<(string Suite, string Test)>? listedTests)
    {
        // A pattern that names no option of its own but a group of them (a field observes a service's
        // `perInstance`, whose options are its nixosModule and darwinModule) covers the options under it.
        var groups = new Dictionary<OptionPath, OptionPath?>();
        OptionPath? GroupOf(OptionPath p)
        {
            if (groups.TryGetValue(p, out var g)) return g;
            var under = OptionPath.Parse(p.Text + ".**");
            return groups[p] = !declared.Any(o => p.Matches(o.Path)) && declared.Any(o => under.Matches(o.Path)) ? under : null;
        }
        bool Covers(OptionPath p, OptionPath option) => p.Matches(option) || GroupOf(p)?.Matches(option) == true;
        IReadOnlyList<string> By<T>(IEnumerable<T> sources, Func<T, IEnumerable<OptionPath>> patterns, Func<T, string> name, OptionPath path) =>
            sources.Where(s => patterns(s).Any(p => Covers(p, path))).Select(name).Distinct().ToList();

        var options = declared
            .OrderBy(o => o.Path.Tree).ThenBy(o => o.Path.Text, StringComparer.Ordinal)
            .Select(o => new OptionCoverage(o,
                By(setters, s => s.Sets, s => s.Name, o.Path),
                By(predictors, p => p.Predicts, p => p.Name, o.Path),
                By(observers, f => f.Observes, f => f.Name, o.Path)))
            .ToList();

        var groupCoverage = options.GroupBy(o => o.Option.Group)
            .Select(g => new GroupCoverage(g.Key, g.Count(), g.Count(o => o.Covered), g.Count(o => o.Generated), g.Count(o => o.Predicted), g.Count(o => o.Observed)))
            .ToList();

        var unmatched = setters.SelectMany(s => s.Sets.Select(p => (s.Name, p)))
            .Concat(predictors.SelectMany(s => s.Predicts.Select(p => (s.Name, p))))
            .Concat(observers.SelectMany(s => s.Observes.Select(p => (s.Name, p))))
            .Where(x => !declared.Any(o => Covers(x.p, o.Path)))
            .Select(x => $"{x.p.Text} ({x.Name})")
            .Distinct()
            .ToList();

        return new CoverageReport(options, groupCoverage, EvalTests(catalogue, listedTests)) { UnmatchedPatterns = unmatched };
    }

    /// <summary>The catalogue against the listed tests (null: the revision's tests could not be listed, so the catalogue stands for them).</summary>
    public static EvalTestCoverage EvalTests(IReadOnlyList<EvalTest> catalogue, IReadOnlyList<(string Suite, string Test)>? listedTests)
    {
        var byId = catalogue.ToDictionary(t => t.Id);
        var listed = (listedTests ?? catalogue.Select(t => (t.Suite, t.Test)).ToList()).Select(t => t.Suite + ":" + t.Test).Distinct().ToList();
        var listedSet = listed.ToHashSet();
        var expressed = listed.Where(id => byId.TryGetValue(id, out var t) && t.ExpressedBy is not null).ToList();
        var suites = listed.GroupBy(id => id[..id.IndexOf(':')])
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Count(id => byId.TryGetValue(id, out var t) && t.ExpressedBy is not null)))
            .ToList();
        return new EvalTestCoverage(
            listed.Count,
            expressed.Count,
            listed.Where(id => !byId.ContainsKey(id)).Order(StringComparer.Ordinal).ToList(),
            catalogue.Where(t => !listedSet.Contains(t.Id)).Select(t => t.Id).Order(StringComparer.Ordinal).ToList(),
            listedTests is not null)
        { Suites = suites };
    }
}
