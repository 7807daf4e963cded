using System.Diagnostics;
using Conformance.Tests.Infrastructure;
using Conformance.WorkflowRehearsal;
using Conformance.WorkflowRehearsal.Nights;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// The nightly workflow rehearsed live, as scripts/rehearse-workflow runs it: three nights, each job in a
/// container of the pinned Nix image (multi-user, a root daemon), build → test → 2 shards → nightly →
/// issues, on clan-core #7295's parent, its merge, and the parent again. Night 2 opens one issue per cause
/// #7295 adds through the stand-in gh; night 3 closes them by replaying their cases. Category Rehearsal:
/// .ci/run runs it (scripts/test runs every category but HostBackend); the nightly's own jobs do not
/// (it needs Docker and the images scripts/setup builds).
/// </summary>
[Trait("Category", "Rehearsal")]
public sealed class WorkflowRehearsalLiveSpecs(ITestOutputHelper output)
{
    [Fact(Timeout = 3_600_000)]
    public async Task Three_nights_of_the_nightly_workflow_behave_on_7295s_parent_merge_and_parent()
    {
        var root = Directory.CreateTempSubdirectory("clan-conformance-rehearsal-live-").FullName;
        var (options, inputs, upstream) = LiveConfiguration.Create(RepoPaths.Root, output.WriteLine);
        var clock = Stopwatch.StartNew();
        var outcomes = await new NightlyRehearsal(Path.Combine(RepoPaths.Root, ".github", "workflows", "nightly.yml"), options, upstream, LiveConfiguration.ClanCoreUrl)
            .RunAsync(RehearsalWorld.Create(root), NightlyRehearsal.Scenario7295, inputs, CancellationToken.None);
        output.WriteLine($"three nights in {clock.Elapsed.TotalSeconds:0} s");
        foreach (var o in outcomes) output.WriteLine($"{o.Plan.Name}: opened [{string.Join(", ", o.Opened)}], closed [{string.Join(", ", o.Closed)}]");
        Assert.All(outcomes, o => Assert.Empty(o.Problems));
        Assert.Equal(3, outcomes.Count);
        Assert.NotEmpty(outcomes[1].Opened);
        Assert.Equal(outcomes[1].Opened.Order(), outcomes[2].Closed.Order());
        Directory.Delete(root, recursive: true);
    }
}
