using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.Ledger;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Tests.Causes;

/// <summary>
/// The ledger's rules (docs/model.md, "Causes"), each on hand-made observations: which cause keys
/// are one behaviour, and which commit made them. No Nix involved.
/// </summary>
public sealed class LedgerSpecs
{
    private static readonly FieldKey Trail = FieldKey.Configuration("alpha", MachineField.Trail);
    private static readonly FieldKey Settings = FieldKey.Svc(ServiceField.Settings, "self-net", "i1", "peer", "alpha");

    private static Outcome Value(string v) => Outcome.Value(JsonValue.Create(v), "t");

    private static FieldComparison Agrees(FieldKey key, string v) => new(key, Value(v), new ObservedValue(JsonValue.Create(v)), true);

    private static FieldComparison Differs(FieldKey key, string expected, string actual) => new(key, Value(expected), new ObservedValue(JsonValue.Create(actual)), false);

    private static FieldComparison Fails(FieldKey key, string expected, ErrorKind kind, string message) => new(key, Value(expected), new ObservedError(kind, message), false);

    private static CheckedCase Checked(string id, params FieldComparison[] fields) => Checked(new ClanCase(id), fields);

    private static CheckedCase Checked(ClanCase c, params FieldComparison[] fields) => CheckedCase.Of(c, new CaseVerdict(c.Id, fields));

    /// <summary>
    /// Tag settings applied that used to be ignored: a case with them and without, and two minimal
    /// cases that show it — a member's settings now hold the tag's value, another's conflict.
    /// </summary>
    private static (ClanCase Tagged, ClanCase Untagged, CauseKey ValueKey, CheckedCase ValueMinimal, CheckedCase ConflictMinimal, CauseKey ConflictKey) TagSettingsApplied()
    {
        var tagged = ServiceCase("c1", withTagSettings: true);
        var conflictMinimal = Checked(tagged with { Id = "c2" }, Conflict);
        return (tagged, ServiceCase("c1", withTagSettings: false), CauseKey.Parse("svc/services:value->value"),
            Checked(tagged, Differs(Settings, "{}", "{\"port\":1}")), conflictMinimal, conflictMinimal.Causes.Keys.Single());
    }

    private static readonly FieldComparison ValueChange = Differs(Trail, "a", "b");
    private static readonly FieldComparison Conflict = Fails(Settings, "{}", ErrorKind.ConflictingDefinitions, "The option `i1.roles.peer.machines.alpha.settings.port' has conflicting definition values:");
    private static readonly CauseKey ValueKey = CauseKey.Parse("cfg/nixpkgs:value->value");

    [Fact]
    public void Keys_shown_by_exactly_the_same_cases_are_one_cause_when_shrinking_did_not_tell_them_apart()
    {
        var cases = new[] { Checked("c1", ValueChange, Conflict), Checked("c2", ValueChange, Conflict), Checked("c3") };
        var ledger = LedgerBuilder.Build(cases);
        var cause = Assert.Single(ledger.Causes);
        Assert.Equal(2, cause.Members.Count);
        Assert.Equal(MergeRule.SameCases, cause.Members[1].Rule);
        Assert.Equal(["c1", "c2"], cause.Cases);

        // The shrunk case of one shows it without the other: two behaviours after all.
        var conflictKey = cases[0].Causes.Keys.Single(k => k is ErrorKey);
        var separated = LedgerBuilder.Build(cases, new Dictionary<CauseKey, ShrinkEvidence>
        {
            [ValueKey] = new(ValueKey, "c1", Checked("c1", ValueChange), 3, true),
        });
        Assert.Equal(2, separated.Causes.Count);
        Assert.Contains(separated.Causes, c => c.Key == conflictKey);
    }

    [Fact]
    public void Keys_whose_shrunk_cases_each_show_the_other_are_inseparable()
    {
        var cases = new[] { Checked("c1", ValueChange, Conflict), Checked("c2", ValueChange), Checked("c3", Conflict) };
        var conflictKey = cases[2].Causes.Keys.Single();
        Assert.Equal(2, LedgerBuilder.Build(cases).Causes.Count);
        var ledger = LedgerBuilder.Build(cases, new Dictionary<CauseKey, ShrinkEvidence>
        {
            [ValueKey] = new(ValueKey, "c2", Checked("c2", ValueChange, Conflict), 2, true),
            [conflictKey] = new(conflictKey, "c3", Checked("c3", ValueChange, Conflict), 2, true),
        });
        var cause = Assert.Single(ledger.Causes);
        Assert.Equal(MergeRule.Inseparable, cause.Members[1].Rule);
        Assert.Equal(["c1", "c2", "c3"], cause.Cases);
    }

    /// <summary>
    /// One case that shows two keys links them no more than a large clan links everything it holds:
    /// measured at fb7d2a7c5, a role-membership change shared its only case with a machine-args
    /// change on two seeds and had five cases of its own on a third. Neither the same-cases rule nor
    /// two representatives that were never shrunk merge them; shrinking that kept the other key does.
    /// </summary>
    [Fact]
    public void One_shared_case_links_no_keys_until_shrinking_keeps_them_together()
    {
        var cases = new[] { Checked("c1", ValueChange, Conflict), Checked("c2") };
        var conflictKey = cases[0].Causes.Keys.Single(k => k is ErrorKey);
        Assert.Equal(2, LedgerBuilder.Build(cases).Causes.Count);

        // Both cut before their first step: each "minimal" case is the one case as found.
        var unshrunk = LedgerBuilder.Build(cases, new Dictionary<CauseKey, ShrinkEvidence>
        {
            [ValueKey] = new(ValueKey, "c1", cases[0], 0, false),
            [conflictKey] = new(conflictKey, "c1", cases[0], 0, false),
        });
        Assert.Equal(2, unshrunk.Causes.Count);

        // One shrunk to a fixpoint that still shows the other: shrinking, free to lose it, kept it.
        var kept = LedgerBuilder.Build(cases, new Dictionary<CauseKey, ShrinkEvidence>
        {
            [ValueKey] = new(ValueKey, "c1", Checked("c1", ValueChange, Conflict), 3, true),
            [conflictKey] = new(conflictKey, "c1", cases[0], 0, false),
        });
        Assert.Equal(MergeRule.Inseparable, Assert.Single(kept.Causes).Members[1].Rule);
    }

    /// <summary>
    /// Removing every machine (or every service instance) makes both sides agree on whatever needs
    /// one, so it would merge any two behaviours that merely need a machine to show: it names no
    /// ingredient and is no trigger, while a finer removal in the same evidence still is.
    /// </summary>
    [Theory]
    [InlineData("machines[-]")]
    [InlineData("instances[-]")]
    public void Taking_every_machine_or_instance_away_is_no_trigger(string container)
    {
        var (tagged, untagged, valueKey, valueMinimal, conflictMinimal, conflictKey) = TagSettingsApplied();
        Conformance.Model.Ledger.Reduction Agreeing(CheckedCase minimal, string label) =>
            Conformance.Model.Ledger.Reduction.Of(minimal, untagged with { Id = minimal.Case.Id }, new CaseVerdict(minimal.Case.Id, [Agrees(Settings, "{}")]), label);
        var valueEvidence = new ShrinkEvidence(valueKey, "c1", valueMinimal, 4, true) { Reductions = [Agreeing(valueMinimal, container)] };
        var conflictEvidence = new ShrinkEvidence(conflictKey, "c2", conflictMinimal, 5, true) { Reductions = [Agreeing(conflictMinimal, container)] };
        Assert.False(ReductionLabel.NamesIngredient(container));
        Assert.Empty(LedgerBuilder.Triggers(valueEvidence));
        Assert.Equal(2, LedgerBuilder.Build([valueMinimal, conflictMinimal], new Dictionary<CauseKey, ShrinkEvidence> { [valueKey] = valueEvidence, [conflictKey] = conflictEvidence }).Causes.Count);

        const string finer = "instances.roles.tagSettings[-]";
        var both = LedgerBuilder.Build([valueMinimal, conflictMinimal], new Dictionary<CauseKey, ShrinkEvidence>
        {
            [valueKey] = valueEvidence with { Reductions = [.. valueEvidence.Reductions, Agreeing(valueMinimal, finer)] },
            [conflictKey] = conflictEvidence with { Reductions = [.. conflictEvidence.Reductions, Agreeing(conflictMinimal, finer)] },
        });
        Assert.Equal(MergeRule.SameTrigger, Assert.Single(both.Causes).Members[1].Rule);
    }

    /// <summary>
    /// Tag settings that used to be ignored are applied: one member's settings now hold the tag's
    /// value, another's conflict with the role's. Removing the tag settings from either shrunk case
    /// makes the tested side observe what the expectation does, and the expectation does not
    /// notice: the same trigger, one behaviour.
    /// </summary>
    [Fact]
    public void Keys_explained_by_the_same_ingredient_are_one_cause()
    {
        var (tagged, untagged, valueKey, valueMinimal, conflictMinimal, conflictKey) = TagSettingsApplied();
        // The neighbours: the same cases without the tag's settings agree again, the expectation unchanged.
        var valueEvidence = new ShrinkEvidence(valueKey, "c1", valueMinimal, 4, true).WithNeighbours([Checked(untagged, Agrees(Settings, "{}"))]);
        var conflictEvidence = new ShrinkEvidence(conflictKey, "c2", conflictMinimal, 5, true).WithNeighbours([Checked(untagged with { Id = "c2" }, Agrees(Settings, "{}"))]);
        Assert.Equal([new Trigger("instances.roles.tagSettings[-]", TriggerSide.Tested)], LedgerBuilder.Triggers(valueEvidence));

        var cases = new[] { valueMinimal, conflictMinimal };
        var ledger = LedgerBuilder.Build(cases, new Dictionary<CauseKey, ShrinkEvidence> { [valueKey] = valueEvidence, [conflictKey] = conflictEvidence });
        var cause = Assert.Single(ledger.Causes);
        Assert.Equal(MergeRule.SameTrigger, cause.Members[1].Rule);

        // A removal that also changes the expectation explains nothing: it took away what both sides saw.
        var moved = conflictEvidence.WithNeighbours([CheckedCase.Of(untagged with { Id = "c2" }, new CaseVerdict("c2", [new FieldComparison(Settings, Value("other"), new ObservedValue(JsonValue.Create("other")), true)]))]);
        Assert.Empty(LedgerBuilder.Triggers(moved));
        // No reductions (shrinking stopped short of a fixpoint, and no trigger was tested): no trigger.
        Assert.Empty(LedgerBuilder.Triggers(valueEvidence with { Fixpoint = false, Reductions = [] }));
    }

    /// <summary>
    /// The other way round: an older revision that ignores tag settings, checked against the model
    /// that applies them. Removing the tag's settings changes what the model expects and leaves what
    /// the revision observes as it was — the ingredient matters to the expectation, and keys it
    /// explains that way are one behaviour; one explained on the tested side is another.
    /// </summary>
    [Fact]
    public void An_ingredient_only_the_expectation_reads_is_a_trigger_of_its_own_side()
    {
        var tagged = ServiceCase("c1", withTagSettings: true);
        var untagged = ServiceCase("c1", withTagSettings: false);
        var valueKey = CauseKey.Parse("svc/services:value->value");
        // The model applies the tag's {port = 1}; the revision observes the role's {}.
        var valueMinimal = Checked(tagged, Differs(Settings, "{\"port\":1}", "{}"));
        // The model expects the tag's conflicting value to fail; the revision never reads it.
        var gone = new FieldComparison(Settings, Outcome.Fails(new ExpectedError(ErrorKind.ConflictingDefinitions, "The option `i1.roles.peer.machines.alpha.settings.port' has conflicting definition values", "t")),
            new ObservedValue(JsonValue.Create("{}")), false);
        var goneMinimal = Checked(tagged with { Id = "c2" }, gone);
        var goneKey = goneMinimal.Causes.Keys.Single();
        var valueEvidence = new ShrinkEvidence(valueKey, "c1", valueMinimal, 4, true).WithNeighbours([Checked(untagged, Agrees(Settings, "{}"))]);
        var goneEvidence = new ShrinkEvidence(goneKey, "c2", goneMinimal, 3, true).WithNeighbours([Checked(untagged with { Id = "c2" }, Agrees(Settings, "{}"))]);
        Assert.Equal([new Trigger("instances.roles.tagSettings[-]", TriggerSide.Expected)], LedgerBuilder.Triggers(valueEvidence));
        Assert.Equal([new Trigger("instances.roles.tagSettings[-]", TriggerSide.Expected)], LedgerBuilder.Triggers(goneEvidence));
        var ledger = LedgerBuilder.Build([valueMinimal, goneMinimal], new Dictionary<CauseKey, ShrinkEvidence> { [valueKey] = valueEvidence, [goneKey] = goneEvidence });
        Assert.Equal(MergeRule.SameTrigger, Assert.Single(ledger.Causes).Members[1].Rule);

        // The same ingredient explaining a key on the tested side (a revision that reads it, against an expectation that does not) is another behaviour.
        var conflictKey = CauseKey.Parse("error:ConflictingDefinitions:The option `<instance>.roles.<role>.machines.<machine>.settings.<option>' has conflicting definition values:");
        var conflictMinimal = Checked(tagged with { Id = "c3" }, Conflict);
        var conflictEvidence = new ShrinkEvidence(conflictKey, "c3", conflictMinimal, 5, true).WithNeighbours([Checked(untagged with { Id = "c3" }, Agrees(Settings, "{}"))]);
        Assert.Equal([new Trigger("instances.roles.tagSettings[-]", TriggerSide.Tested)], LedgerBuilder.Triggers(conflictEvidence));
        var sides = LedgerBuilder.Build([valueMinimal, conflictMinimal], new Dictionary<CauseKey, ShrinkEvidence> { [valueKey] = valueEvidence, [conflictKey] = conflictEvidence });
        Assert.Equal(2, sides.Causes.Count);
    }

    /// <summary>
    /// A trigger test: another key's trigger removed from this key's (unshrunk) case as a whole. It
    /// explains the key as a one-step reduction of a shrunk case would, without shrinking it.
    /// </summary>
    [Fact]
    public void A_trigger_tested_on_an_unshrunk_case_merges_like_one_found_by_shrinking()
    {
        var tagged = ServiceCase("c1", withTagSettings: true);
        var untagged = ServiceCase("c1", withTagSettings: false);
        var valueKey = CauseKey.Parse("svc/services:value->value");
        var valueMinimal = Checked(tagged, Differs(Settings, "{}", "{\"port\":1}"));
        var conflictCase = Checked(tagged with { Id = "c2" }, Conflict);
        var conflictKey = conflictCase.Causes.Keys.Single();
        var shrunk = new ShrinkEvidence(valueKey, "c1", valueMinimal, 4, true).WithNeighbours([Checked(untagged, Agrees(Settings, "{}"))]);
        var reduced = ReductionLabel.Without(conflictCase.Case, "instances.roles.tagSettings[-]")!;
        var tested = new ShrinkEvidence(conflictKey, "c2", conflictCase, 0, false)
        {
            Reductions = [Conformance.Model.Ledger.Reduction.Of(conflictCase, reduced, new CaseVerdict("c2", [Agrees(Settings, "{}")]), "instances.roles.tagSettings[-]")],
        };
        var ledger = LedgerBuilder.Build([valueMinimal, conflictCase], new Dictionary<CauseKey, ShrinkEvidence> { [valueKey] = shrunk, [conflictKey] = tested });
        Assert.Equal(MergeRule.SameTrigger, Assert.Single(ledger.Causes).Members[1].Rule);
    }

    /// <summary>
    /// A member clan-core dropped: the harness's lookup of its settings misses on the tested side.
    /// Taking the role's tag away (alpha was a member by tag) leaves alpha, the instance and the role
    /// in the case, but the model no longer makes alpha a member and plans no such field: both sides
    /// say "absent", the expectation moved. Taking alpha's role away removes what the field names
    /// (that says nothing about membership), and a field whose tested side had a value to read is
    /// not explained by its absence.
    /// </summary>
    [Fact]
    public void A_field_that_dissolves_agrees_only_with_a_lookup_miss()
    {
        ClanCase Member(string id, bool byTag, bool withRole = true) => new(id)
        {
            Machines = [new MachineSpec("alpha") { InClanMachines = true, InventoryNix = new InventoryEntry { Tags = ["edge"] } }],
            Instances = [new InstanceSpec("i1") { Roles = withRole ? [new RoleSpec("peer") { Tags = byTag ? ["edge"] : [] }] : [] }],
        };
        var miss = Fails(Settings, "{}", ErrorKind.Throw, ObservedError.LookupMissPrefix + "the machine is not a member of role 'peer'");
        var minimal = Checked(Member("c1", byTag: true), miss);
        var key = minimal.Causes.Keys.Single();
        CheckedCase Without(ClanCase reduced) => Checked(reduced); // the reduced case has no field of alpha in peer
        var untagged = new ShrinkEvidence(key, "c1", minimal, 3, true).WithNeighbours([Without(Member("c1", byTag: false))]);
        Assert.Equal([Settings], untagged.Reductions.Single().Dissolved);
        Assert.Equal([new Trigger("instances.roles.tags[-]", TriggerSide.Expected)], LedgerBuilder.Triggers(untagged));

        var roleless = new ShrinkEvidence(key, "c1", minimal, 3, true).WithNeighbours([Without(Member("c1", byTag: true, withRole: false))]);
        Assert.Empty(roleless.Reductions.Single().Dissolved);
        Assert.Empty(LedgerBuilder.Triggers(roleless));

        var valued = Checked(Member("c2", byTag: true), Differs(Settings, "{\"port\":1}", "{}"));
        var valueEvidence = new ShrinkEvidence(valued.Causes.Keys.Single(), "c2", valued, 3, true).WithNeighbours([Without(Member("c2", byTag: false))]);
        Assert.Equal([Settings], valueEvidence.Reductions.Single().Dissolved);
        Assert.Empty(LedgerBuilder.Triggers(valueEvidence));
    }

    [Fact]
    public void Keys_bisected_to_different_commits_are_never_one_cause()
    {
        var cases = new[] { Checked("c1", ValueChange, Conflict), Checked("c2", ValueChange, Conflict) };
        var conflictKey = cases[0].Causes.Keys.Single(k => k is ErrorKey);
        var a = new Commit(new string('a', 40), new DateTimeOffset(2026, 4, 21, 0, 0, 0, TimeSpan.Zero), "x86_64-darwin: drop support")
            { Merge = new Commit(new string('m', 40), new DateTimeOffset(2026, 4, 21, 1, 0, 0, TimeSpan.Zero), "Merge pull request 'x86_64-darwin: drop' (#7276) from a into main") };
        var b = new Commit(new string('b', 40), new DateTimeOffset(2026, 4, 10, 0, 0, 0, TimeSpan.Zero), "Merge pull request 'clan/module: pkgsFor' (#7295) from b into main");
        var ledger = LedgerBuilder.Build(cases, commits: new Dictionary<CauseKey, CommitEvidence>
        {
            [ValueKey] = new(ValueKey, a),
            [conflictKey] = new(conflictKey, b),
        });
        Assert.Equal(2, ledger.Causes.Count);
        // One section per commit, in history order, each naming its pull request.
        Assert.Equal([b.Hash, a.Hash], ledger.Commits.Select(g => g.Commit.Hash));
        Assert.Equal([7295, 7276], ledger.Commits.Select(g => g.Commit.PullRequest));
        Assert.Equal([conflictKey], ledger.Commits[0].Causes);

        // The same commit: one behaviour (the same cases) in one section.
        var same = LedgerBuilder.Build(cases, commits: new Dictionary<CauseKey, CommitEvidence> { [ValueKey] = new(ValueKey, a), [conflictKey] = new(conflictKey, a) });
        Assert.Single(Assert.Single(same.Commits).Causes);
    }

    [Fact]
    public void A_cause_without_a_commit_says_why()
    {
        var cases = new[] { Checked("c1", ValueChange) };
        var ledger = LedgerBuilder.Build(cases, commits: new Dictionary<CauseKey, CommitEvidence> { [ValueKey] = new(ValueKey, null, "bisection: cut at the end of the budget") });
        Assert.Empty(ledger.Commits);
        Assert.Equal("bisection: cut at the end of the budget", Assert.Single(ledger.Unattributed).Bisection);
    }

    [Fact]
    public void The_representative_of_a_cause_is_the_case_with_the_fewest_other_causes()
    {
        var cases = new[] { Checked("c1", ValueChange, Conflict), Checked("c2", ValueChange), Checked("c3", Conflict) };
        Assert.Equal("c2", LedgerBuilder.Representative(cases, ValueKey));
    }

    private static ClanCase ServiceCase(string id, bool withTagSettings) => new(id)
    {
        Machines = [new MachineSpec("alpha") { InClanMachines = true, InventoryNix = new InventoryEntry { Tags = ["edge"] } }],
        Instances = [new InstanceSpec("i1")
        {
            Roles = [new RoleSpec("peer")
            {
                Machines = ["alpha"],
                TagSettings = withTagSettings ? [new TargetSettings("edge", new SettingsSpec())] : [],
            }],
        }],
    };
}
