using System.Text.RegularExpressions;
using Conformance.Model.Cases;
using Conformance.Model.Errors;

namespace Conformance.Model.ModuleSystem;

/// <summary>
/// lib.modules <c>mergeDefinitions</c> for the option types the harness uses. The steps, in
/// lib.modules' order: drop <c>mkIf false</c>; put the option's <c>default</c> first as an
/// <c>mkOptionDefault</c> (1500) definition; keep only definitions of the highest priority (lowest
/// number, <c>filterOverrides</c>); check every kept value against the type; merge.
/// </summary>
internal static class OptionMerge
{
    /// <summary>Definitions that survive mkIf and filterOverrides, in merge order; the default (if any) counts as a definition at 1500.</summary>
    public static IReadOnlyList<T> Winners<T>(IEnumerable<T> definitions, T? defaultDefinition) where T : Definition
    {
        var all = new List<T>();
        if (defaultDefinition is not null) all.Add(defaultDefinition);
        all.AddRange(definitions.Where(d => d.IsActive));
        if (all.Count == 0) return [];
        var best = all.Min(d => d.Priority.Value);
        return all.Where(d => d.Priority.Value == best).ToList();
    }

    /// <summary><c>types.str</c> (optionally <c>strMatching</c>): all kept values equal, else a conflict.</summary>
    public static MergeResult<string> EqualStrings<T>(string optionPath, IReadOnlyList<T> winners, Func<T, string> value, Regex? pattern = null) where T : Definition
    {
        if (winners.Count == 0)
            return MergeResult<string>.Undefined($"`{optionPath}' has no definitions");
        if (pattern is not null && winners.Any(w => !pattern.IsMatch(value(w))))
            return MergeResult<string>.Fail(new ExpectedError(ErrorKind.TypeMismatch,
                $"A definition for option `{optionPath}' is not of type `",
                $"`{optionPath}' is strMatching; every kept definition is type-checked before merging"));
        var distinct = winners.Select(value).Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1
            ? MergeResult<string>.Of(distinct[0], $"`{optionPath}': {winners.Count} kept definition(s) at priority {winners[0].Priority.Value}, all \"{distinct[0]}\"")
            : MergeResult<string>.Fail(new ExpectedError(ErrorKind.ConflictingDefinitions,
                $"The option `{optionPath}' has conflicting definition values",
                $"`{optionPath}' merges with mergeEqualOption: {winners.Count} definitions at priority {winners[0].Priority.Value} differ"));
    }

    /// <summary><c>types.uniq</c> / <c>types.unique</c>: exactly one kept definition.</summary>
    public static MergeResult<T> Unique<T>(string optionPath, IReadOnlyList<T> winners) where T : Definition
    {
        return winners.Count switch
        {
            0 => MergeResult<T>.Undefined($"`{optionPath}' has no definitions"),
            1 => MergeResult<T>.Of(winners[0], $"`{optionPath}': the single definition at priority {winners[0].Priority.Value}"),
            _ => MergeResult<T>.Fail(new ExpectedError(ErrorKind.NotUnique,
                $"The option `{optionPath}' is defined multiple times while it's expected to be unique",
                $"`{optionPath}' is unique: {winners.Count} definitions at priority {winners[0].Priority.Value}")),
        };
    }

    /// <summary><c>types.listOf</c>: kept definitions stably sorted by mkOrder, then concatenated.</summary>
    public static MergeResult<IReadOnlyList<TItem>> Lists<T, TItem>(string optionPath, IReadOnlyList<T> winners, Func<T, Order> order, Func<T, IEnumerable<TItem>> items) where T : Definition
    {
        // LINQ's OrderBy is stable, like lib.sortProperties (which uses a stable sort).
        var sorted = winners.OrderBy(w => order(w).Value).ToList();
        IReadOnlyList<TItem> value = sorted.SelectMany(items).ToList();
        var reordered = !sorted.SequenceEqual(winners);
        return MergeResult<IReadOnlyList<TItem>>.Of(value,
            $"`{optionPath}': {winners.Count} kept definition(s) in merge order (deepest module first, importer after its imports)" +
            (reordered ? ", then stably sorted by mkOrder" : ""));
    }

    /// <summary>
    /// nixpkgs' <c>nixpkgs.config</c> type: <c>foldr (def: mergeConfig def.value) {}</c> where
    /// <c>mergeConfig lhs rhs = recursiveUpdate lhs rhs</c>, so for each key the last kept definition wins.
    /// </summary>
    public static MergeResult<IReadOnlyDictionary<string, string>> NixpkgsConfig(IReadOnlyList<NixpkgsConfigDef> winners)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in winners.SelectMany(w => w.Entries))
            merged[entry.Key] = entry.Value;
        return MergeResult<IReadOnlyDictionary<string, string>>.Of(merged,
            $"nixpkgs.config: {winners.Count} kept definition(s) folded with recursiveUpdate, so the last definition of a key wins");
    }
}
