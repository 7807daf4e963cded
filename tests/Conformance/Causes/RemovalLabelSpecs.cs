using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Ledger;

namespace Conformance.Tests.Causes;

/// <summary>
/// The ingredients a trigger hypothesis may name (<see cref="ReductionLabel.Removals"/>): every kind of
/// list item a case holds, however deep and however large the case, so that the model can propose
/// the same trigger for every cause whose case holds it.
/// </summary>
public sealed class RemovalLabelSpecs
{
    private static IEnumerable<ClanCase> Cases() =>
        ClanArbitraries.Campaign(41, 12, kind: CaseKind.All).Concat(ClanArbitraries.Campaign(43, 12, kind: CaseKind.All));

    [Fact]
    public void Every_removal_a_shrink_step_takes_is_among_the_cases_removals()
    {
        // A few cases: each one's candidates cost a replay of its generator.
        foreach (var c in Cases().Where((_, i) => i % 4 == 0))
        {
            var removals = ReductionLabel.Removals(c).ToHashSet();
            foreach (var label in CaseShrinker.Shrink(c).Take(40).Select(s => ReductionLabel.Of(c, s)).Where(ReductionLabel.IsRemoval))
                Assert.True(removals.Contains(label), $"{c.Id}: a shrink step removes {label}, which Removals does not offer ({string.Join(", ", removals)})");
        }
    }

    [Fact]
    public void Each_removal_is_a_label_Without_understands_and_takes_something_away()
    {
        var applied = 0;
        foreach (var c in Cases())
            foreach (var label in ReductionLabel.Removals(c))
            {
                Assert.True(ReductionLabel.IsRemoval(label), label);
                // Null where what is left is no valid case (a machine's last module removed while a role still names it).
                if (ReductionLabel.Without(c, label) is not { } reduced) continue;
                Assert.NotEqual(CaseJson.Structure(c), CaseJson.Structure(reduced));
                applied++;
            }
        Assert.True(applied > 40, $"only {applied} removals applied to 24 cases");
    }

    [Fact]
    public void Tag_settings_are_offered_wherever_a_role_holds_them_even_deep_in_a_large_case()
    {
        var withTagSettings = Cases().Where(c => c.Instances.Any(i => i.Roles.Any(r => r.TagSettings.Count > 0))).ToList();
        Assert.NotEmpty(withTagSettings);
        Assert.All(withTagSettings, c => Assert.Contains("instances.roles.tagSettings[-]", ReductionLabel.Removals(c)));
    }
}
