using Conformance.WorkflowRehearsal.Expressions;
using Conformance.WorkflowRehearsal.Running;
using Conformance.WorkflowRehearsal.Services;
using Conformance.WorkflowRehearsal.Workflow;

namespace Conformance.WorkflowRehearsal;

/// <summary>
/// A workflow file run locally as GitHub runs it: jobs in <c>needs</c> order, each matrix
/// combination a job of its own on a fresh machine (<see cref="RehearsalOptions.Machine"/>), job
/// <c>if:</c> and outputs, <c>needs.*</c> results, and the actions emulated from their sources.
/// Immutable: every <c>WithX</c> returns a changed copy.
/// <code>
/// var world = RehearsalWorld.Create(dir);
/// var night = await Rehearsal.Load(".github/workflows/nightly.yml").WithEvent(WorkflowEvent.Schedule).WithOptions(options).RunAsync(world, ct);
/// </code>
/// </summary>
public sealed class Rehearsal
{
    private Rehearsal(WorkflowDefinition workflow, WorkflowEvent @event, RehearsalOptions? options)
    {
        Workflow = workflow;
        Event = @event;
        Options = options;
    }

    public WorkflowDefinition Workflow { get; }
    public WorkflowEvent Event { get; }
    public RehearsalOptions? Options { get; }

    public static Rehearsal Load(string path) => new(WorkflowParser.Load(path), WorkflowEvent.Schedule, null);

    public static Rehearsal Of(WorkflowDefinition workflow) => new(workflow, WorkflowEvent.Schedule, null);

    public Rehearsal WithEvent(WorkflowEvent @event) => new(Workflow, @event, Options);

    public Rehearsal WithOptions(RehearsalOptions options) => new(Workflow, @event: Event, options);

    /// <summary>A new run (attempt 1) in <paramref name="world"/>.</summary>
    public Task<RunResult> RunAsync(RehearsalWorld world, CancellationToken cancellationToken) =>
        RunAttemptAsync(world, world.NextRunNumber(), attempt: 1, previous: null, cancellationToken);

    /// <summary>
    /// GitHub's "Re-run failed jobs": a new attempt of <paramref name="previous"/>'s run in which the
    /// jobs that failed (or were cancelled) and every job that needs them run again; the others keep
    /// their results and outputs, and the run's artifacts stay (they belong to the run, not to an attempt).
    /// </summary>
    public Task<RunResult> RerunFailedJobsAsync(RehearsalWorld world, RunResult previous, CancellationToken cancellationToken) =>
        RunAttemptAsync(world, previous.RunNumber, previous.Attempt + 1, previous, cancellationToken);

    private async Task<RunResult> RunAttemptAsync(RehearsalWorld world, int runNumber, int attempt, RunResult? previous, CancellationToken cancellationToken)
    {
        var options = Options ?? throw new InvalidOperationException("WithOptions first: the rehearsal needs the repository to check out");
        if (options.Machine == MachineKind.Local && options.Parallelism != 1)
            throw new RehearsalException("Local machines share one directory per run: run their jobs one at a time (Parallelism 1)");
        var runId = 9000 + runNumber;
        var runDir = Directory.CreateDirectory(Path.Combine(world.Root, "runs", runId.ToString())).FullName;
        var artifacts = new ArtifactStore(Path.Combine(runDir, "artifacts"));
        var sha = await GitRevParseAsync(options, cancellationToken);

        var rerun = new HashSet<string>(StringComparer.Ordinal);
        if (previous is not null)
        {
            foreach (var job in Workflow.Jobs.Where(j => previous.Of(j.Id).Any(r => r.Conclusion is "failure" or "cancelled"))) rerun.Add(job.Id);
            bool changed;
            do
            {
                changed = false;
                foreach (var job in Workflow.Jobs.Where(j => !rerun.Contains(j.Id) && j.Needs.Any(rerun.Contains))) changed |= rerun.Add(job.Id);
            } while (changed);
        }

        var results = new Dictionary<string, List<JobResult>>(StringComparer.Ordinal);
        var pending = Workflow.Jobs.ToList();
        using var gate = new SemaphoreSlim(options.Parallelism);
        while (pending.Count > 0)
        {
            var ready = pending.Where(j => j.Needs.All(results.ContainsKey)).ToList();
            if (ready.Count == 0) throw new WorkflowException($"{Workflow.Path}: the needs of {string.Join(", ", pending.Select(j => j.Id))} form a cycle");
            // Every ready job starts together (GitHub starts them at once); Parallelism bounds how many machines run.
            var batch = ready.Select(async job =>
            {
                if (previous is not null && !rerun.Contains(job.Id))
                    return (job, previous.Of(job.Id).ToList());
                // A failed job re-runs only its failed matrix instances (each combination is a job of its own on GitHub);
                // a job that needs a re-run job runs again whole.
                var keep = previous is not null && !job.Needs.Any(rerun.Contains)
                    ? previous.Of(job.Id).Where(r => r.Conclusion is "success" or "skipped").ToList()
                    : [];
                return (job, await RunJobAsync(job, results, world, options, artifacts, runId, runNumber, attempt, runDir, sha, gate, keep, cancellationToken));
            }).ToList();
            foreach (var (job, jobResults) in await Task.WhenAll(batch))
            {
                results[job.Id] = jobResults;
                pending.Remove(job);
            }
            if (options.StopAfter is { } stop && results.Values.SelectMany(r => r).Any(stop)) break;
        }
        return new RunResult(runId, runNumber, attempt, Event.Name, runDir, Workflow.Jobs.Where(j => results.ContainsKey(j.Id)).SelectMany(j => results[j.Id]).ToList())
        {
            Artifacts = artifacts.List().ToDictionary(a => a.Name, a => a.Directory),
        };
    }

    private async Task<List<JobResult>> RunJobAsync(JobDefinition job, Dictionary<string, List<JobResult>> done, RehearsalWorld world, RehearsalOptions options,
        ArtifactStore artifacts, int runId, int runNumber, int attempt, string runDir, string sha, SemaphoreSlim gate, IReadOnlyList<JobResult> keep, CancellationToken cancellationToken)
    {
        var needs = ExpressionContext.Map(job.Needs.Select(n => new KeyValuePair<string, object?>(n, ExpressionContext.Map([
            new("result", Result(done[n])),
            new("outputs", ExpressionContext.Map(done[n].SelectMany(r => r.Outputs).Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)))),
        ]))));
        var needsFailed = job.Needs.Any(n => Result(done[n]) != "success");
        var condition = job.If ?? "success()";
        var expression = condition.Trim() is var c && c.StartsWith("${{", StringComparison.Ordinal) && c.EndsWith("}}", StringComparison.Ordinal) ? c[3..^2] : condition;
        if (!Expression.UsesStatusFunction(expression)) expression = $"success() && ({expression})";
        var context = new ExpressionContext(ExpressionContext.Map([
            new("github", ExpressionContext.Map([new("event_name", Event.Name), new("run_id", runId.ToString()), new("run_number", runNumber.ToString()),
                new("run_attempt", attempt.ToString()), new("repository", options.RepositoryName)])),
            new("needs", needs), new("inputs", ExpressionContext.Map([])), new("vars", ExpressionContext.Map([])),
        ])) { Failed = needsFailed };
        var instances = job.Instances();
        if (!Expression.IsTruthy(Expression.Evaluate(expression, context)))
        {
            options.Log?.Invoke($"[{job.Id}] skipped (if: {condition})");
            return instances.Select(i => new JobResult(i.Name, job.Id, i.Matrix, "skipped", [], new Dictionary<string, string>(), "", null) { Attempt = attempt }).ToList();
        }
        var results = new List<JobResult>();
        var failed = false;
        foreach (var (name, matrix) in instances)
        {
            if (keep.FirstOrDefault(r => r.Name == name) is { } kept)
            {
                results.Add(kept);
                continue;
            }
            // fail-fast: the instances not started yet are cancelled once one fails (strategy.fail-fast, default true).
            if (failed && job.FailFast)
            {
                results.Add(new JobResult(name, job.Id, matrix, "cancelled", [], new Dictionary<string, string>(), "", null) { Attempt = attempt });
                continue;
            }
            await gate.WaitAsync(cancellationToken);
            try
            {
                var folder = new string(name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-').ToArray());
                var run = new JobRun(Workflow, job, name, matrix, needs, Event, runId, runNumber, attempt, world, options, artifacts,
                    // Local machines sit at one path for the whole world (jobs run one at a time), as GitHub's runners all
                    // have /home/runner: a path a cache saved must be the same path when the next job restores it.
                    options.Machine == MachineKind.Local ? Path.Combine(world.Root, "local") : Path.Combine(runDir, $"attempt-{attempt}-{folder}")) { Sha = sha, VisibleJobs = Ancestors(job) };
                var result = await run.RunAsync(cancellationToken);
                if (options.Machine == MachineKind.Local)
                    File.Copy(result.Log!, Path.Combine(runDir, $"attempt-{attempt}-{folder}.log"), overwrite: true);
                results.Add(result with { Log = options.Machine == MachineKind.Local ? Path.Combine(runDir, $"attempt-{attempt}-{folder}.log") : result.Log });
                failed |= result.Conclusion != "success";
            }
            finally { gate.Release(); }
        }
        return results;
    }

    /// <summary>The job and every job it needs, directly or through another.</summary>
    private HashSet<string> Ancestors(JobDefinition job)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { job.Id };
        var todo = new Stack<string>(job.Needs);
        while (todo.Count > 0)
            if (seen.Add(todo.Peek())) foreach (var n in Workflow.Job(todo.Pop()).Needs) todo.Push(n);
            else todo.Pop();
        return seen;
    }

    /// <summary>needs.JOB.result: failure if an instance failed, cancelled if one was, skipped if all were, else success.</summary>
    private static string Result(IReadOnlyList<JobResult> instances) =>
        instances.Any(r => r.Conclusion == "failure") ? "failure"
        : instances.Any(r => r.Conclusion == "cancelled") ? "cancelled"
        : instances.All(r => r.Conclusion == "skipped") ? "skipped"
        : "success";

    private static async Task<string> GitRevParseAsync(RehearsalOptions options, CancellationToken cancellationToken)
    {
        var result = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap.Cli.Wrap("git").WithArguments(["-C", options.Repository, "rev-parse", "--verify", options.Commit + "^{commit}"]).WithValidation(CliWrap.CommandResultValidation.None),
            cancellationToken);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : throw new RehearsalException($"{options.Repository} has no commit {options.Commit}: {result.StandardError.Trim()}");
    }
}
