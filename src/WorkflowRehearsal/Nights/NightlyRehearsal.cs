using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Conformance.WorkflowRehearsal.Workflow;

namespace Conformance.WorkflowRehearsal.Nights;

/// <summary>One night of a rehearsal: a name, the upstream commit <c>main</c> names that night.</summary>
public sealed record NightPlan(string Name, string Revision);

/// <summary>What a night did: the run, the issues it opened, closed, reopened and commented on, and what went wrong.</summary>
public sealed record NightOutcome(NightPlan Plan, RunResult Run, IReadOnlyList<string> Opened, IReadOnlyList<string> Closed,
    IReadOnlyList<string> Reopened, IReadOnlyList<string> Commented, IReadOnlyList<string> Problems);

/// <summary>
/// Nights of the nightly workflow, rehearsed end to end: for each night the upstream clan-core's
/// <c>main</c> is moved to the night's commit (an upstream stand-in the runner's git reaches through
/// the workflow's own URL), the workflow runs (build → test → shards → nightly → issues) as a manual
/// run that files issues, and the night is judged: every job ran and succeeded — the nightly job may
/// fail only at its gate (exit 1, new causes) — the state carried over (the night's artifact holds
/// a state with one more night), and the issues moved as the three-night scenario demands: the
/// first night files what it finds, the second opens one issue per cause it adds and none twice,
/// the third (back on the first night's commit) opens nothing and closes exactly the second night's
/// issues, by replaying their cases, with no other comment. The first problem is named by night,
/// job and step.
/// </summary>
public sealed class NightlyRehearsal(string workflowFile, RehearsalOptions options, string upstreamSource, string upstreamUrl)
{
    /// <summary>clan-core #7295's parent, its merge, then the parent again (the live scenario).</summary>
    public static IReadOnlyList<NightPlan> Scenario7295 { get; } =
    [
        new("night 1 (#7295's parent)", "8513da8c4"), new("night 2 (#7295's merge)", "fb7d2a7c5"), new("night 3 (the parent again)", "8513da8c4"),
    ];

    /// <summary>
    /// Check the file's data flow (<see cref="DataFlow"/>) before the first night: a consumer without a producer fails
    /// in milliseconds, naming the job and step, instead of after the jobs before it ran. Off only where a spec
    /// must see the running emulations catch what the check would have caught.
    /// </summary>
    public bool CheckDataFlow { get; init; } = true;

    /// <summary>The rehearsal's git configuration for <paramref name="world"/>: the workflow's upstream URL → the world's upstream stand-in.</summary>
    public static string UpstreamOf(RehearsalWorld world) => Path.Combine(world.Root, "upstream", "clan-core.git");

    public async Task<IReadOnlyList<NightOutcome>> RunAsync(RehearsalWorld world, IReadOnlyList<NightPlan> nights,
        IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        var workflow = WorkflowParser.Load(workflowFile);
        if (CheckDataFlow && DataFlow.Check(workflow) is { Count: > 0 } broken) throw new DataFlowException(broken);
        var upstream = await UpstreamAsync(world, cancellationToken);
        // The commit is resolved once: every night rehearses the same tree, whatever is committed meanwhile.
        var commit = await Git(options.Repository, ["rev-parse", "--verify", options.Commit + "^{commit}"], cancellationToken);
        var opts = options with
        {
            Commit = commit,
            GitUrls = new Dictionary<string, string>(options.GitUrls) { [upstreamUrl] = "file://" + upstream },
            Mounts = new Dictionary<string, string>(options.Mounts) { [Path.GetDirectoryName(upstream)!] = Path.GetDirectoryName(upstream)! },
        };
        var rehearsal = Rehearsal.Of(workflow).WithOptions(opts).WithEvent(WorkflowEvent.Dispatch(inputs));
        var outcomes = new List<NightOutcome>();
        foreach (var night in nights)
        {
            await Git(upstream, ["update-ref", "refs/heads/main", await Git(upstream, ["rev-parse", "--verify", night.Revision + "^{commit}"], cancellationToken)], cancellationToken);
            var before = Snapshot(world);
            var run = await rehearsal.RunAsync(world, cancellationToken);
            var outcome = Judge(night, run, before, Snapshot(world), outcomes, world);
            outcomes.Add(outcome);
            options.Log?.Invoke($"{night.Name}: run {run.RunNumber}: opened {outcome.Opened.Count}, closed {outcome.Closed.Count}, reopened {outcome.Reopened.Count}, comments {outcome.Commented.Count}" +
                                (outcome.Problems.Count == 0 ? "; behaves" : $"; {outcome.Problems.Count} problem(s)"));
            options.Log?.Invoke($"{night.Name}: " + Timings(run));
            if (outcome.Problems.Count > 0) break;
        }
        return outcomes;
    }

    private static NightOutcome Judge(NightPlan night, RunResult run, Dictionary<int, IssueState> before, Dictionary<int, IssueState> after,
        IReadOnlyList<NightOutcome> earlier, RehearsalWorld world)
    {
        var problems = new List<string>();
        var index = earlier.Count + 1;
        foreach (var job in run.Jobs)
        {
            if (job.Conclusion == "skipped") problems.Add($"{night.Name}: job {job.Name} was skipped");
            foreach (var step in job.Steps.Where(s => s.Conclusion == "failure" && !IsGate(job, s)))
                problems.Add($"{night.Name}: job {job.Name}, step '{step.Name}': {step.Error} (log: {job.Log})");
        }
        // The state carried over: the night's artifact holds this night's state, one night longer than the last.
        if (problems.Count == 0)
        {
            var artifact = run.Artifacts.Where(a => a.Key.StartsWith("nightly-conformance-", StringComparison.Ordinal)).Select(a => a.Value).FirstOrDefault();
            var state = artifact is null ? null : Path.Combine(artifact, "nightly-state", "state.json");
            if (state is null || !File.Exists(state)) problems.Add($"{night.Name}: the night's artifact holds no nightly-state/state.json");
            else if (JsonNode.Parse(File.ReadAllText(state))?["history"]?.AsArray().Count is not { } n || n != index)
                problems.Add($"{night.Name}: the state's history has {JsonNode.Parse(File.ReadAllText(state))?["history"]?.AsArray().Count} night(s), expected {index}: the state did not carry over");
        }
        var opened = after.Keys.Except(before.Keys).Select(n => after[n].Key).ToList();
        var closed = after.Where(kv => before.TryGetValue(kv.Key, out var b) && b.Open && !kv.Value.Open).Select(kv => kv.Value.Key).ToList();
        var reopened = after.Where(kv => before.TryGetValue(kv.Key, out var b) && !b.Open && kv.Value.Open).Select(kv => kv.Value.Key).ToList();
        var commented = after.Where(kv => kv.Value.Comments > (before.TryGetValue(kv.Key, out var b) ? b.Comments : 0)).Select(kv => kv.Value.Key).ToList();
        if (problems.Count == 0)
        {
            var keys = after.Values.Select(i => i.Key).ToList();
            if (keys.Distinct().Count() != keys.Count) problems.Add($"{night.Name}: two issues for one cause: {string.Join(", ", keys.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key))}");
            var unexpected = commented.Except(closed).Except(reopened).ToList();
            if (unexpected.Count > 0) problems.Add($"{night.Name}: comments on issues whose cause did not change: {string.Join(", ", unexpected)}");
            switch (index)
            {
                case 1 when closed.Count > 0:
                    problems.Add($"{night.Name}: closed {string.Join(", ", closed)} on the first night");
                    break;
                case 2:
                    if (opened.Count == 0) problems.Add($"{night.Name}: opened no issue, although the second night's commit adds causes");
                    if (opened.Intersect(earlier[0].Opened).Any()) problems.Add($"{night.Name}: opened again {string.Join(", ", opened.Intersect(earlier[0].Opened))}");
                    if (closed.Count > 0) problems.Add($"{night.Name}: closed {string.Join(", ", closed)}");
                    break;
                case 3:
                    if (opened.Count > 0) problems.Add($"{night.Name}: opened {string.Join(", ", opened)}");
                    var expected = earlier[1].Opened.Order().ToList();
                    if (!closed.Order().SequenceEqual(expected))
                        problems.Add($"{night.Name}: closed [{string.Join(", ", closed.Order())}], expected the second night's issues [{string.Join(", ", expected)}] (closed by replaying their cases)");
                    break;
            }
        }
        return new NightOutcome(night, run, opened, closed, reopened, commented, problems);
    }

    /// <summary>Each job's wall time and, where the machine tells, CPU time: <c>build 95 s (cpu 120 s), …</c>.</summary>
    public static string Timings(RunResult run) => string.Join(", ", run.Jobs.Where(j => j.Duration > TimeSpan.Zero).Select(j =>
        $"{j.Name} {j.Duration.TotalSeconds:0} s" + (j.CpuTime is { } c ? $" (cpu {c.TotalSeconds:0} s)" : "")));

    /// <summary>The gate failing on new causes is the night working: exit 1 of the nightly job's decision step, after which the night ran.</summary>
    private static bool IsGate(JobResult job, StepResult step) =>
        job.Job == "nightly" && step.Name.StartsWith("Merge, gate", StringComparison.Ordinal) && step.Error == "Process completed with exit code 1."
        && job.Outputs.GetValueOrDefault("ran") == "true";

    /// <summary>A job that broke (a failed step other than the gate): what <see cref="RehearsalOptions.StopAfter"/> stops at.</summary>
    public static bool Broke(JobResult job) => job.Steps.Any(s => s.Conclusion == "failure" && !IsGate(job, s)) || job.Conclusion == "cancelled";

    private sealed record IssueState(string Key, bool Open, int Comments);

    private static Dictionary<int, IssueState> Snapshot(RehearsalWorld world) =>
        world.Issues().OfType<JsonObject>().ToDictionary(i => i["number"]!.GetValue<int>(), i => new IssueState(
            System.Text.RegularExpressions.Regex.Match(i["body"]?.GetValue<string>() ?? "", "<!-- clan-conformance-cause: (.+?) -->").Groups[1].Value,
            i["state"]?.GetValue<string>() == "open", i["comments"]?.AsArray().Count ?? 0));

    /// <summary>
    /// The upstream stand-in: a bare clone of the source (objects hard-linked, none borrowed: the runner user
    /// cannot reach the source's path), whose main the nights move.
    /// </summary>
    private async Task<string> UpstreamAsync(RehearsalWorld world, CancellationToken cancellationToken)
    {
        var upstream = UpstreamOf(world);
        if (Directory.Exists(upstream)) return upstream;
        Directory.CreateDirectory(Path.GetDirectoryName(upstream)!);
        await Git(Path.GetDirectoryName(upstream)!, ["clone", "-q", "--bare", upstreamSource, upstream], cancellationToken);
        await Git(upstream, ["symbolic-ref", "HEAD", "refs/heads/main"], cancellationToken);
        // The nights move main back in time (#7295 is four months older than the pin); upstream's main
        // today still reaches the commit fixtures/test-clan/flake.lock pins, which a first night needs as
        // its good end (nightly --initial-good's default). A tag keeps it fetchable, as it is upstream.
        await Git(upstream, ["tag", "-f", "rehearsal-upstream-head", "refs/heads/main"], cancellationToken);
        return upstream;
    }

    private static async Task<string> Git(string directory, string[] args, CancellationToken cancellationToken)
    {
        var result = await Cli.Wrap("git").WithArguments(["-C", directory, .. args]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0) throw new RehearsalException($"git {string.Join(' ', args)} in {directory}: {result.StandardError.Trim()}");
        return result.StandardOutput.Trim();
    }

    /// <summary>The command line: <c>[nights] [WORKFLOW_FILE] [--keep DIR]</c> with the live configuration.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        var list = args.SkipWhile(a => a == "nights").ToList();
        string? keep = null;
        var k = list.IndexOf("--keep");
        if (k >= 0) { keep = list[k + 1]; list.RemoveRange(k, 2); }
        var repo = await Git(Directory.GetCurrentDirectory(), ["rev-parse", "--show-toplevel"], CancellationToken.None);
        var workflow = Path.GetFullPath(list.FirstOrDefault() ?? Path.Combine(repo, ".github", "workflows", "nightly.yml"));
        var root = keep ?? Directory.CreateTempSubdirectory("workflow-rehearsal-").FullName;
        try
        {
            var (options, inputs, upstream) = LiveConfiguration.Create(repo, Console.Error.WriteLine);
            var outcomes = await new NightlyRehearsal(workflow, options, upstream, LiveConfiguration.ClanCoreUrl)
                .RunAsync(RehearsalWorld.Create(root), Scenario7295, inputs, CancellationToken.None);
            var problems = outcomes.SelectMany(o => o.Problems).ToList();
            foreach (var p in problems) Console.Error.WriteLine($"rehearse-workflow: {p}");
            Console.Error.WriteLine(problems.Count == 0
                ? $"rehearse-workflow: {outcomes.Count} night(s) of {workflow} behave"
                : $"rehearse-workflow: {workflow} does not behave (runs kept in {root})");
            return problems.Count == 0 ? 0 : 1;
        }
        catch (DataFlowException e)
        {
            foreach (var p in e.Problems) Console.Error.WriteLine($"rehearse-workflow: {p}");
            Console.Error.WriteLine($"rehearse-workflow: {workflow} does not behave: its data flow is broken (no night was run)");
            return 1;
        }
        catch (Exception e) when (e is RehearsalException or Workflow.WorkflowException)
        {
            Console.Error.WriteLine($"rehearse-workflow: could not rehearse: {e.Message}");
            return 2;
        }
        finally
        {
            if (keep is null) try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
