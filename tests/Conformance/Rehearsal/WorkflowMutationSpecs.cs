using Conformance.WorkflowRehearsal;
using Conformance.WorkflowRehearsal.Nights;
using Conformance.WorkflowRehearsal.Workflow;
using Xunit.Abstractions;

namespace Conformance.Tests.Rehearsal;

/// <summary>
/// The nightly workflow with one element of its data flow changed (<see cref="WorkflowMutations"/>, generated from the
/// parsed file): the rehearsal must catch every change. Two tiers, so that CI pays for each mechanism once, not for each
/// mutation: the rehearsal's data-flow check (<see cref="DataFlow"/>, what scripts/rehearse-workflow runs before the first
/// night) must reject every mutation of a name, key, id, output, cache path or need — milliseconds each — and the nights
/// themselves, run with that check off, must break on every mutation the check cannot decide (the paths an upload collects,
/// where a download lands) and on the first mutation of each category it decides (so the emulations still catch what the
/// check catches: a renamed artifact, a missed cache, an empty output, a missing need). Every mutation run as nights is
/// <see cref="WorkflowMutationExhaustiveSpecs"/> (opt-in).
/// </summary>
[Trait("Category", "Rehearsal")]
public sealed class WorkflowMutationSpecs(ITestOutputHelper output)
{
    internal static IReadOnlyList<WorkflowMutation> All { get; } =
        WorkflowMutations.Of(File.ReadAllText(OfflineRehearsal.NightlyWorkflow), OfflineRehearsal.NightlyWorkflow);

    /// <summary>The mutations the nights run: each one the check cannot decide, and the first of each category it decides.</summary>
    public static TheoryData<string> Run()
    {
        var data = new TheoryData<string>();
        foreach (var m in All.Where(m => !m.DecidedStatically).Concat(All.Where(m => m.DecidedStatically).GroupBy(m => m.Category).Select(g => g.First())))
            data.Add(m.Description);
        return data;
    }

    [Fact]
    public void The_mutations_cover_artifacts_caches_outputs_and_needs()
    {
        var all = All.Select(m => $"{m.Category}: {m.Description}").ToList();
        output.WriteLine(string.Join('\n', all));
        Assert.Contains(All, m => m.Description.Contains("the artifact 'shard-${{ matrix.k }}'"));
        Assert.Contains(All, m => m.Description.Contains("downloads the pattern"));
        Assert.Contains(All, m => m.Description.Contains("key 'renamed-nightly-state-"));
        Assert.Contains(All, m => m.Description.Contains("the step id 'fetch' renamed"));
        Assert.Contains(All, m => m.Description.Contains("the job output 'ran' renamed"));
        Assert.Contains(All, m => m.Description == "nightly: no longer needs 'shard'");
        Assert.DoesNotContain(All, m => m.Description == "issues: no longer needs 'build'"); // reached through nightly
        Assert.Equal(All.Count, All.Select(m => m.Description).Distinct().Count());
        Assert.Equal(Enum.GetValues<MutationCategory>().Order(), All.Select(m => m.Category).Distinct().Order());
    }

    [Fact]
    public void The_workflow_as_written_has_no_consumer_without_a_producer()
    {
        var problems = DataFlow.Check(WorkflowParser.Load(OfflineRehearsal.NightlyWorkflow));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_data_flow_check_rejects_every_mutation_of_a_name_key_id_output_cache_path_or_need()
    {
        var missed = new List<string>();
        foreach (var mutation in All.Where(m => m.DecidedStatically))
        {
            var problems = DataFlow.Check(WorkflowParser.Parse(mutation.Yaml, $"{OfflineRehearsal.NightlyWorkflow} ({mutation.Description})"));
            output.WriteLine($"{mutation.Description}:\n  {(problems.Count == 0 ? "NOT CAUGHT" : string.Join("\n  ", problems))}");
            if (problems.Count == 0) missed.Add(mutation.Description);
        }
        Assert.True(missed.Count == 0, $"the data-flow check lets these through: {string.Join("; ", missed)}");
    }

    [Theory(Timeout = 600_000)]
    [MemberData(nameof(Run))]
    public async Task A_night_breaks_when_the_workflow_changes(string description) =>
        await BreaksANightAsync(All.Single(m => m.Description == description), output);

    /// <summary>
    /// Runs the offline nights on the mutated file until the first break (StopAfter), with the data-flow check off: most
    /// break in the first night's second or third job; one that only loses the state between nights shows on the second.
    /// </summary>
    internal static async Task BreaksANightAsync(WorkflowMutation mutation, ITestOutputHelper output)
    {
        using var offline = await OfflineRehearsal.CreateAsync();
        var file = Path.Combine(offline.Root, "nightly.yml");
        File.WriteAllText(file, mutation.Yaml);
        var options = offline.Options() with { StopAfter = NightlyRehearsal.Broke };
        IReadOnlyList<NightOutcome> outcomes;
        try
        {
            outcomes = await new NightlyRehearsal(file, options, offline.Upstream, LiveConfiguration.ClanCoreUrl) { CheckDataFlow = false }
                .RunAsync(RehearsalWorld.Create(Path.Combine(offline.Root, "world")), offline.ThreeNights.Take(2).ToList(), OfflineRehearsal.Inputs, CancellationToken.None);
        }
        catch (Exception e) when (e is WorkflowException or Conformance.WorkflowRehearsal.Expressions.ExpressionException)
        {
            output.WriteLine($"{mutation.Description}: the rehearsal rejects the file: {e.Message}");
            return;
        }
        var problems = outcomes.SelectMany(o => o.Problems).ToList();
        output.WriteLine($"{mutation.Description}: {string.Join("; ", problems)}");
        output.WriteLine(string.Join('\n', outcomes.Select(o => $"{o.Plan.Name}: {NightlyRehearsal.Timings(o.Run)}")));
        Assert.NotEmpty(problems);
    }
}

/// <summary>
/// Every mutation of <see cref="WorkflowMutationSpecs"/> run as nights, the data-flow check off: minutes, opt-in
/// (<c>dotnet test --filter Category=RehearsalExhaustive</c>; scripts/test leaves it out). Worth running after changing an
/// action's emulation or the data-flow check.
/// </summary>
[Trait("Category", "RehearsalExhaustive")]
public sealed class WorkflowMutationExhaustiveSpecs(ITestOutputHelper output)
{
    public static TheoryData<string> Every()
    {
        var data = new TheoryData<string>();
        foreach (var m in WorkflowMutationSpecs.All) data.Add(m.Description);
        return data;
    }

    [Theory(Timeout = 600_000)]
    [MemberData(nameof(Every))]
    public async Task A_night_breaks_when_the_workflow_changes(string description) =>
        await WorkflowMutationSpecs.BreaksANightAsync(WorkflowMutationSpecs.All.Single(m => m.Description == description), output);
}
