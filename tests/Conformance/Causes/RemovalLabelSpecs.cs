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

    /// <summary>
    /// A role's tag taken away takes the role's settings for that tag with it, and a member its
    /// per-machine settings: without them the case is invalid, and a trigger test of the tag — the
    /// ingredient that makes a machine a member — could never run.
    /// </summary>
    [Fact]
    public void What_names_a_removed_tag_or_member_goes_with_it()
    {
        var c = new ClanCase("c")
        {
            Machines = [new MachineSpec("alpha") { InClanMachines = true, InventoryNix = new InventoryEntry { Tags = ["edge"] } }],
            Services = [new ServiceSpec("net") { Roles = [new ServiceRoleSpec("peer")] }],
            Instances = [new InstanceSpec("i1")
            {
                Module = new ModuleRef("net", ModuleRef.Self),
                Roles = [new RoleSpec("peer")
                {
                    Machines = ["alpha"], Tags = ["edge"], TagsAsAttrs = true,
                    TagSettings = [new TargetSettings("edge", new SettingsSpec())],
                    MachineSettings = [new TargetSettings("alpha", new SettingsSpec())],
                }],
            }],
        };
        Assert.Empty(CaseValidator.Problems(c));
        var untagged = Assert.Single(Assert.Single(ReductionLabel.Without(c, "instances.roles.tags[-]")!.Instances).Roles);
        Assert.Equal((0, 0, 1), (untagged.Tags.Count, untagged.TagSettings.Count, untagged.MachineSettings.Count));
        var memberless = Assert.Single(Assert.Single(ReductionLabel.Without(c, "instances.roles.machines[-]")!.Instances).Roles);
        Assert.Equal((0, 0, 1), (memberless.Machines.Count, memberless.MachineSettings.Count, memberless.TagSettings.Count));
    }

    [Fact]
    public void Tag_settings_are_offered_wherever_a_role_holds_them_even_deep_in_a_large_case()
    {
        var withTagSettings = Cases().Where(c => c.Instances.Any(i => i.Roles.Any(r => r.TagSettings.Count > 0))).ToList();
        Assert.NotEmpty(withTagSettings);
        Assert.All(withTagSettings, c => Assert.Contains("instances.roles.tagSettings[-]", ReductionLabel.Removals(c)));
    }
}
