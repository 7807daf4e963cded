using System.Diagnostics;
using Conformance.Tests.Infrastructure;
using Conformance.Tests.Rehearsal;
using Conformance.WorkflowRehearsal;
using Conformance.WorkflowRehearsal.Nights;
using Conformance.WorkflowRehearsal.Workflow;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Conformance.Tests.Live;

/// <summary>
/// The nightly workflow rehearsed live, as scripts/rehearse-workflow runs it: each job in a container of the pinned Nix
/// image (multi-user, a root daemon, the runner user), build → test → 2 shards → nightly → issues, on clan-core #7295's
/// parent, its merge, and the parent again. Night 2 opens one issue per cause #7295 adds through the stand-in gh; night 3
/// closes them by replaying their cases. Category Rehearsal: .ci/run runs it (scripts/test runs every category but
/// HostBackend and RehearsalExhaustive); the nightly's own jobs do not (it needs Docker and the images scripts/setup builds).
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
        foreach (var o in outcomes)
            output.WriteLine($"{o.Plan.Name}: opened [{string.Join(", ", o.Opened)}], closed [{string.Join(", ", o.Closed)}]; {NightlyRehearsal.Timings(o.Run)}");
        Assert.All(outcomes, o => Assert.Empty(o.Problems));
        Assert.Equal(3, outcomes.Count);
        Assert.NotEmpty(outcomes[1].Opened);
        Assert.Equal(outcomes[1].Opened.Order(), outcomes[2].Closed.Order());
        Directory.Delete(root, recursive: true);
    }

    /// <summary>
    /// Defect 2 of the workflow as it was (docs/nightly.md, "What the rehearsal found"): its test job made the binary
    /// cache's directory as the runner and left the rest to Nix. Asked for the locked inputs, the root daemon substitutes
    /// from that cache first and, opening it, lays out nar/ (and realisations/, log/, nix-cache-info) as root; the
    /// runner's `nix copy --to` into it then fails, so the cache is never filled and every night starts cold. The old
    /// file's test job, cut down to the steps that touch the cache (checkout, restore, the directory, Install Nix — with
    /// install_url pinned to an image's Nix, or defect 3 stops it first — and the inputs map), on a container machine:
    /// the inputs map must fail on the root-owned directory. Today's file lays the directory out as the runner before
    /// installing Nix; its test job saving the cache is part of the three nights above.
    /// </summary>
    [Fact(Timeout = 1_800_000)]
    public async Task The_workflow_as_it_was_cannot_write_the_binary_cache_the_root_daemon_laid_out()
    {
        var root = Directory.CreateTempSubdirectory("clan-conformance-rehearsal-cache-").FullName;
        var (options, _, _) = LiveConfiguration.Create(RepoPaths.Root, output.WriteLine);
        // The Nix today's file pins (NIX_VERSION), so that only the cache's layout differs from today's test job.
        var nix = WorkflowParser.Load(OfflineRehearsal.NightlyWorkflow).Env.Single(e => e.Key == "NIX_VERSION").Value;
        var workflow = WorkflowParser.Parse(CacheStepsOfTheTestJob(File.ReadAllText(OfflineRehearsal.WorkflowBefore), nix), OfflineRehearsal.WorkflowBefore);
        output.WriteLine(string.Join('\n', workflow.Job("test").Steps.Select(s => $"step: {s.DisplayName}")));

        var clock = Stopwatch.StartNew();
        var run = await WorkflowRehearsal.Rehearsal.Of(workflow).WithOptions(options).RunAsync(RehearsalWorld.Create(root), CancellationToken.None);
        output.WriteLine($"the test job in {clock.Elapsed.TotalSeconds:0} s; {NightlyRehearsal.Timings(run)}");

        var job = Assert.Single(run.Jobs);
        var (_, step) = run.FirstFailure ?? throw new Xunit.Sdk.XunitException($"the old file's test job succeeded: its binary cache was writable (log: {job.Log})");
        Assert.Equal("Inputs map from the fixture's flake.lock", step.Name);
        var log = File.ReadAllText(job.Log!);
        output.WriteLine(string.Join('\n', log.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(10)));
        Assert.Contains("Permission denied", log);
        Directory.Delete(root, recursive: true);
    }

    /// <summary>The old file with only its test job, no needs, and only the steps that touch the binary cache; Install Nix pinned to <paramref name="nix"/>.</summary>
    private static string CacheStepsOfTheTestJob(string yaml, string nix)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var jobs = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["jobs"];
        var test = (YamlMappingNode)jobs["test"];
        foreach (var other in jobs.Children.Keys.Where(k => k.ToString() != "test").ToList()) jobs.Children.Remove(other);
        test.Children.Remove(new YamlScalarNode("needs"));
        var steps = (YamlSequenceNode)test["steps"];
        foreach (var step in steps.Children.Cast<YamlMappingNode>().ToList())
        {
            var uses = step.Children.TryGetValue(new YamlScalarNode("uses"), out var u) ? u.ToString() : "";
            var text = string.Join('\n', step.Children.Select(kv => kv.Value.ToString()));
            var keep = uses.StartsWith("actions/checkout@", StringComparison.Ordinal) || uses.StartsWith("cachix/install-nix-action@", StringComparison.Ordinal)
                       || (uses.StartsWith("actions/cache/restore@", StringComparison.Ordinal) && text.Contains("NIX_BINARY_CACHE"))
                       || (uses.Length == 0 && (text.Contains("NIX_BINARY_CACHE") || text.Contains("inputs-from-lock")));
            if (!keep) steps.Children.Remove(step);
            else if (uses.StartsWith("cachix/install-nix-action@", StringComparison.Ordinal))
                ((YamlMappingNode)step["with"]).Children[new YamlScalarNode("install_url")] = new YamlScalarNode($"https://releases.nixos.org/nix/nix-{nix}/install");
        }
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
