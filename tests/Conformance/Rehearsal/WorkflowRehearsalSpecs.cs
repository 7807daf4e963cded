using Conformance.Tests.Infrastructure;
using Conformance.WorkflowRehearsal;
using Conformance.WorkflowRehearsal.Nights;
using Conformance.WorkflowRehearsal.Workflow;
using Xunit.Abstractions;

namespace Conformance.Tests.Rehearsal;

/// <summary>
/// The nightly workflow rehearsed offline (Local machines, stand-in dotnet and Nix, the stand-in gh):
/// the fixed file behaves for three nights; the file as it was loses its merge to the artifact layout
/// and installs a Nix nothing tests; a re-run of a failed shard works only with artifact names that
/// do not carry the attempt. The steps' scripts (scripts/nightly, scripts/nightly-issues,
/// scripts/inputs-from-lock) are this commit's, run verbatim.
/// </summary>
[Trait("Category", "Rehearsal")]
public sealed class WorkflowRehearsalSpecs(ITestOutputHelper output)
{
    [Fact(Timeout = 600_000)]
    public async Task The_nightly_workflow_behaves_for_three_nights_opening_one_issue_per_new_cause_and_closing_it_by_replay()
    {
        using var offline = await OfflineRehearsal.CreateAsync();
        var options = offline.Options() with { Log = output.WriteLine };
        var outcomes = await new NightlyRehearsal(OfflineRehearsal.NightlyWorkflow, options, offline.Upstream, LiveConfiguration.ClanCoreUrl)
            .RunAsync(RehearsalWorld.Create(Path.Combine(offline.Root, "world")), offline.ThreeNights, OfflineRehearsal.Inputs, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Empty(o.Problems));
        Assert.Equal(3, outcomes.Count);
        Assert.Equal([OfflineRehearsal.SharedCause], outcomes[0].Opened);
        Assert.Equal([OfflineRehearsal.NewCause], outcomes[1].Opened);
        Assert.Equal([OfflineRehearsal.NewCause], outcomes[2].Closed);
        // The night's revision travelled build → shards → nightly: night 2 decided on B.
        Assert.Contains(offline.B, File.ReadAllText(Path.Combine(outcomes[1].Run.Artifacts["nightly-conformance-2"], "runs", "nightly", "nightly.json")));
    }

    /// <summary>
    /// The workflow as it was, with the one change a Local machine needs (it has no /home/runner: the binary
    /// cache moves into the workspace) and, to get past its installer, the Nix that install-nix-action v31
    /// brings: each shard's artifact holds shard-K/ at its root (upload path runs/), the download without
    /// a path unpacks it into the workspace, so runs/shard-*/ matches nothing and the merge fails.
    /// </summary>
    [Fact(Timeout = 600_000)]
    public async Task The_workflow_as_it_was_loses_its_merge_because_the_shards_land_outside_runs()
    {
        using var offline = await OfflineRehearsal.CreateAsync();
        var workflow = WorkflowParser.Parse(File.ReadAllText(OfflineRehearsal.WorkflowBefore).Replace("/home/runner/nix-binary-cache", "${{ github.workspace }}/.nix-binary-cache"),
            OfflineRehearsal.WorkflowBefore);
        var (world, options) = await offline.WorldAtAsync("before", offline.B, offline.Options(offline.Nix("2.34.8", "2.35.1")) with { Log = output.WriteLine });
        var run = await WorkflowRehearsal.Rehearsal.Of(workflow).WithOptions(options).WithEvent(WorkflowEvent.Dispatch(OfflineRehearsal.Inputs.Where(i => i.Key != "shrink-budget").ToDictionary()))
            .RunAsync(world, CancellationToken.None);

        Assert.Equal(["success", "success"], run.Of("shard").Select(j => j.Conclusion));
        Assert.True(File.Exists(Path.Combine(run.Artifacts["shard-1"], "shard-1", "summary.json")), "the shard's artifact holds shard-1/ at its root");
        var nightly = Assert.Single(run.Of("nightly"));
        Assert.Equal("failure", nightly.Conclusion);
        Assert.Equal("Merge, gate, state, summary", Assert.Single(nightly.Steps, s => s.Outcome == "failure").Name);
        Assert.Equal("skipped", Assert.Single(run.Of("issues")).Conclusion);
        Assert.Empty(world.Issues());
    }

    [Fact(Timeout = 600_000)]
    public async Task The_workflow_as_it_was_installs_a_nix_that_ci_does_not_test()
    {
        using var offline = await OfflineRehearsal.CreateAsync();
        var workflow = WorkflowParser.Parse(File.ReadAllText(OfflineRehearsal.WorkflowBefore).Replace("/home/runner/nix-binary-cache", "${{ github.workspace }}/.nix-binary-cache"),
            OfflineRehearsal.WorkflowBefore);
        var (world, options) = await offline.WorldAtAsync("drift", offline.A, offline.Options() with { Log = output.WriteLine });
        var run = await WorkflowRehearsal.Rehearsal.Of(workflow).WithOptions(options).WithEvent(WorkflowEvent.Dispatch(OfflineRehearsal.Inputs.Where(i => i.Key != "shrink-budget").ToDictionary()))
            .RunAsync(world, CancellationToken.None);

        var (job, step) = run.FirstFailure!.Value;
        Assert.Equal("test", job.Job);
        Assert.Equal("Install Nix", step.Name);
        Assert.Contains("Nix 2.35.1", step.Error);
        Assert.Contains("install-nix.sh:105", step.Error);
    }

    /// <summary>
    /// GitHub's "Re-run failed jobs" after one shard failed: the shard runs again in attempt 2 and uploads
    /// its artifact again; the nightly and issues jobs, which need it, run again and find the night's
    /// artifacts by names without the attempt. The first attempt's shard fails through the stand-in
    /// runner ($STANDIN_FAIL_SHARD), the second does not.
    /// </summary>
    [Fact(Timeout = 600_000)]
    public async Task A_rerun_of_a_failed_shard_completes_the_night()
    {
        using var offline = await OfflineRehearsal.CreateAsync();
        var (world, options) = await offline.WorldAtAsync("rerun", offline.B, offline.Options(environment: new Dictionary<string, string> { ["STANDIN_FAIL_SHARD"] = "2/2" }) with { Log = output.WriteLine });
        var rehearsal = WorkflowRehearsal.Rehearsal.Load(OfflineRehearsal.NightlyWorkflow).WithOptions(options).WithEvent(WorkflowEvent.Dispatch(OfflineRehearsal.Inputs));
        var first = await rehearsal.RunAsync(world, CancellationToken.None);
        Assert.Equal(["success", "failure"], first.Of("shard").Select(j => j.Conclusion));
        Assert.Equal("skipped", Assert.Single(first.Of("nightly")).Conclusion);

        var second = await rehearsal.WithOptions(options with { Environment = offline.Options().Environment }).RerunFailedJobsAsync(world, first, CancellationToken.None);
        Assert.Equal(2, second.Attempt);
        Assert.Equal([1, 2], second.Of("shard").Select(j => j.Attempt));
        Assert.Equal("success", Assert.Single(second.Of("issues")).Conclusion);
        Assert.Equal([OfflineRehearsal.NewCause, OfflineRehearsal.SharedCause],
            world.Issues().Select(i => System.Text.RegularExpressions.Regex.Match(i!["body"]!.GetValue<string>(), "cause: (.+?) -->").Groups[1].Value).Order(StringComparer.Ordinal));
    }
}
