using Conformance.Generators;
using Conformance.Generators.Choices;
using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Ledger;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Checking;
using Conformance.Tests.ModelSpecs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Conformance.Runner.Sinks;

namespace Conformance.Tests.Shrinking;

/// <summary>
/// Shrinking on the generator's choices (<see cref="CaseShrinker"/>): deterministic, every
/// candidate a valid case its own choices replay to, every step down the shortlex order, and a
/// planted failure shrunk to the case that shows it and nothing else — through FsCheck, and through
/// the campaign's shrinker and ledger with a planted fault instead of Nix.
/// </summary>
[Properties(Arbitrary = [typeof(HarnessArbitraries)], MaxTest = 40)]
public sealed class ChoiceShrinkingSpecs
{
    [Fact]
    public void Shrinking_is_deterministic()
    {
        foreach (var c in ClanArbitraries.Campaign(7, 6, kind: CaseKind.All))
        {
            var first = CaseShrinker.Shrink(c).Take(40).Select(CaseJson.Serialize).ToList();
            var second = CaseShrinker.Shrink(c).Take(40).Select(CaseJson.Serialize).ToList();
            Assert.NotEmpty(first);
            Assert.Equal(first, second);
        }
    }

    [Property]
    public void Every_candidate_is_valid_replays_from_its_choices_and_has_shortlex_smaller_choices(ClanCase c)
    {
        var normalized = CaseShrinker.Normalize(c);
        Assert.True(CaseJson.Same(c, normalized), "normalising changed the case");
        Assert.True(CaseChoices.Compare(normalized.Choices!.Values, c.Choices!.Values) <= 0);
        foreach (var candidate in CaseShrinker.Candidates(normalized).Take(60))
        {
            Assert.Empty(CaseValidator.Problems(candidate));
            Assert.False(CaseJson.Same(candidate, normalized), "a candidate must differ from the case");
            Assert.True(CaseChoices.Compare(candidate.Choices!.Values, normalized.Choices.Values) < 0, "a candidate's choices must be shortlex-smaller");
            var (again, _) = Draw.Replay(ClanArbitraries.DrawFor(candidate.Choices.Generator)!, candidate.Choices.Values, candidate.Choices.Size);
            Assert.True(CaseJson.Same(candidate, again), "a candidate must be what its own choices replay to");
        }
    }

    /// <summary>
    /// FsCheck with the harness's arbitrary and a property that fails on any darwin machine: the
    /// counterexample it reports is the smallest case with one, and 1-minimal (no candidate of it
    /// still fails).
    /// </summary>
    [Fact]
    public void An_FsCheck_property_with_a_planted_failure_shrinks_to_the_known_minimal_case()
    {
        static bool Darwin(MachineSpec m) => (m.InventoryNix?.Class ?? m.InventoryJson?.Class) == MachineClass.Darwin;
        ClanCase? minimal = null;
        var property = Prop.ForAll(ClanArbitraries.ClanCase(), c =>
        {
            var holds = !c.Machines.Any(Darwin);
            if (!holds) minimal = c;
            return holds;
        });
        // A fixed seed: the same run, the same counterexample, every time.
        var replay = Microsoft.FSharp.Core.FSharpOption<Replay>.Some(new Replay(new Rnd(42UL, 0x9E3779B97F4A7C15UL), Microsoft.FSharp.Core.FSharpOption<int>.None));
        Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(replay), property));
        Assert.NotNull(minimal);
        var machine = Assert.Single(minimal!.Machines);
        Assert.True(Darwin(machine));
        // Nothing but the machine: no services, tags, arguments, extra systems; its modules are its own platform module.
        Assert.Empty(minimal.Instances);
        Assert.Empty(minimal.StaticTags);
        Assert.Empty(minimal.SpecialArgs);
        Assert.Empty(minimal.CoreReads);
        Assert.Empty(minimal.InspectSystems);
        Assert.Equal([Systems.X86_64Linux], minimal.FlakeSystems);
        Assert.All(minimal.Modules, m => Assert.All(m.Definitions, d => Assert.IsType<HostPlatformDef>(d)));
        Assert.DoesNotContain(CaseShrinker.Shrink(minimal), c => c.Machines.Any(Darwin));
    }

    /// <summary>
    /// The campaign's shrinker (<see cref="BatchShrinker"/>) on a planted change, #7692's: the base
    /// ignored tag settings that the head applies. The result is valid and still shows the cause, every
    /// step it took went down the shortlex order, and at the fixpoint the last step's candidates name
    /// the ingredient — removing the tag's settings — by which the ledger's same-trigger rule merges.
    /// </summary>
    [Fact]
    public async Task A_shrunk_case_is_valid_still_fails_went_down_at_every_step_and_names_its_trigger()
    {
        var checker = new PlantedFaultChecker(PlantedFaults.TagSettingsIgnored, inBase: true);
        var triage = new CauseTriage(checker, v => CampaignSettings.FailingFields(v, new HashSet<Model.Observations.FocusArea>())) { Parallelism = 1 };
        var failing = ClanArbitraries.Campaign(5, 40, kind: CaseKind.Services).Select(checker.Check)
            .Where(r => triage.Checked(r).Causes.Keys.Any(k => k.Text == "svc/services:value->value")).Take(3).ToList();
        Assert.NotEmpty(failing);
        foreach (var original in failing)
        {
            var cause = CauseKey.Parse("svc/services:value->value");
            var steps = new List<(ClanCase From, ClanCase To)>();
            var shrinker = new BatchShrinker(checker, (current, candidate) =>
            {
                var causes = triage.Checked(candidate).Causes.Keys.ToHashSet();
                var keep = causes.Contains(cause) && causes.IsSubsetOf(triage.Checked(current).Causes.Keys);
                if (keep) steps.Add((current.Case, candidate.Case));
                return keep;
            });
            var outcome = await shrinker.ShrinkAsync(original, CancellationToken.None);

            Assert.True(outcome.ReachedFixpoint);
            Assert.Empty(CaseValidator.Problems(outcome.Minimal.Case));
            Assert.Contains(cause, triage.Checked(checker.Check(outcome.Minimal.Case)).Causes.Keys);
            Assert.Equal(outcome.Steps, steps.Count);
            Assert.All(steps, s => Assert.True(CaseChoices.Compare(s.To.Choices!.Values, s.From.Choices!.Values) < 0));
            Assert.True(CaseChoices.Compare(outcome.Minimal.Case.Choices!.Values, original.Case.Choices!.Values) < 0);
            Assert.True(outcome.Minimal.Case.Instances.Count <= original.Case.Instances.Count);

            var evidence = new ShrinkEvidence(cause, original.Case.Id, triage.Checked(outcome.Minimal), outcome.Steps, true)
                .WithNeighbours(outcome.Neighbours.Select(triage.Checked));
            var triggers = LedgerBuilder.Triggers(evidence).Select(t => t.Label).ToList();
            Assert.Contains("instances.roles.tagSettings[-]", triggers);
            // Every trigger names one ingredient: a candidate that changed two parts of a role has no label.
            Assert.DoesNotContain("instances.roles", triggers);
        }
    }

    /// <summary>
    /// What a generator draws per item of a list or sublist (a role's settings per member, an
    /// instance's assignment per role) is positional: leaving out an item that is not the last must
    /// leave out its entry too, or every later item replays its neighbour's draws and the case changes
    /// in more than the one item (measured on planted faults: that kept a second machine in up to
    /// 3 of 10 shrunk cases where the hand-written shrinker kept one).
    /// </summary>
    [Fact]
    public void Leaving_out_an_item_leaves_out_what_was_drawn_for_it()
    {
        var members = from kept in Draw.SubListOf("a", "b", "c")
                      from drawn in Draw.CollectToList(kept, m => Draw.Choose(0, 9).Select(n => $"{m}{n}"))
                      select string.Join(",", drawn);
        var bySubList = new ChoiceShrinker<string>(members, 10, s => s, _ => true);
        var current = bySubList.Replay([1, 1, 1, 3, 7, 5]);
        Assert.Equal("a3,b7,c5", current.Value);
        var values = bySubList.Candidates(current).Select(d => d.Value).ToList();
        Assert.Contains("b7,c5", values);
        Assert.Contains("a3,c5", values);
        Assert.DoesNotContain("b3,c7", values);

        var roles = from names in Draw.Elements("x", "y", "z").ListOf()
                    from drawn in Draw.CollectToList(names, r => Draw.Choose(0, 9).Select(n => $"{r}{n}"))
                    select string.Join(",", drawn);
        var byList = new ChoiceShrinker<string>(roles, 10, s => s, _ => true);
        var listed = byList.Replay([3, 1, 0, 1, 1, 1, 2, 3, 7, 5]); // the length, then per name its size and its pick
        Assert.Equal("x3,y7,z5", listed.Value);
        var fromList = byList.Candidates(listed).Select(d => d.Value).ToList();
        Assert.Contains("x3,z5", fromList);
        Assert.Contains("y7,z5", fromList);
        Assert.DoesNotContain("x3,z7", fromList);
    }

    [Fact]
    public void A_reduction_that_changes_two_parts_names_no_ingredient()
    {
        var c = ClanArbitraries.Campaign(5, 40, kind: CaseKind.Services).First(x => x.Instances.Any(i => i.Roles.Any(r => r.TagSettings.Count > 0 && r.Machines.Count > 0)));
        var instance = c.Instances.First(i => i.Roles.Any(r => r.TagSettings.Count > 0 && r.Machines.Count > 0));
        var role = instance.Roles.First(r => r.TagSettings.Count > 0 && r.Machines.Count > 0);
        ClanCase With(RoleSpec changed) => c with
        {
            Instances = c.Instances.Select(i => i == instance ? i with { Roles = i.Roles.Select(r => r == role ? changed : r).ToList() } : i).ToList(),
        };
        Assert.Equal("instances.roles.tagSettings[-]", ReductionLabel.Of(c, With(role with { TagSettings = role.TagSettings.Skip(1).ToList() })));
        Assert.Equal("", ReductionLabel.Of(c, With(role with { TagSettings = role.TagSettings.Skip(1).ToList(), Machines = role.Machines.Skip(1).ToList() })));
    }

    /// <summary>A case without choices (a failure saved before they were recorded, a hand-written regression) shrinks by structural deletions.</summary>
    [Fact]
    public void A_case_without_choices_shrinks_by_structural_deletions()
    {
        var saved = CaseJson.Deserialize(File.ReadAllText(Path.Combine(Infrastructure.RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295", "case.json")));
        Assert.Null(saved.Choices);
        Assert.True(CaseJson.Same(saved, CaseShrinker.Normalize(saved)));
        var candidates = CaseShrinker.Candidates(saved).ToList();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c =>
        {
            Assert.Empty(CaseValidator.Problems(c));
            Assert.True(CaseJson.Structure(c).Length < CaseJson.Structure(saved).Length, "a structural candidate removes something");
            Assert.Equal(saved.Id, c.Id);
        });
        Assert.Equal(candidates.Count, candidates.Select(CaseJson.Structure).Distinct().Count());
    }
}
