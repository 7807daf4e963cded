namespace Conformance.WorkflowRehearsal;

/// <summary>One workflow run (one attempt): each job instance's conclusion, steps, outputs and summary.</summary>
public sealed record RunResult(int RunId, int RunNumber, int Attempt, string Event, string Directory, IReadOnlyList<JobResult> Jobs)
{
    /// <summary>The instances of job <paramref name="id"/> (one without a matrix).</summary>
    public IReadOnlyList<JobResult> Of(string id) => Jobs.Where(j => j.Job == id).ToList();

    /// <summary>The first step that failed, in run order: what <c>scripts/rehearse-workflow</c> names.</summary>
    public (JobResult Job, StepResult Step)? FirstFailure =>
        Jobs.SelectMany(j => j.Steps.Where(s => s.Outcome == "failure").Select(s => (j, s))).Cast<(JobResult, StepResult)?>().FirstOrDefault();

    /// <summary>The artifacts the run holds after this attempt (name → directory of its files).</summary>
    public IReadOnlyDictionary<string, string> Artifacts { get; init; } = new Dictionary<string, string>();
}

/// <summary>One job instance: <c>success</c>, <c>failure</c>, <c>cancelled</c> (its timeout) or <c>skipped</c>.</summary>
public sealed record JobResult(string Name, string Job, IReadOnlyDictionary<string, string> Matrix, string Conclusion,
    IReadOnlyList<StepResult> Steps, IReadOnlyDictionary<string, string> Outputs, string Summary, string? Log)
{
    /// <summary>Carried over from an earlier attempt (a re-run of failed jobs does not run it again).</summary>
    public int Attempt { get; init; }

    /// <summary>Wall time from the machine's start to its disposal (zero for a job that did not run).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// CPU time the job's machine used (a container's cgroup: every process of the job, the daemon's included), or null
    /// where the machine cannot tell (Local). Unlike <see cref="Duration"/> it hardly depends on what else the host runs:
    /// the figure to scale a loaded machine's run to an idle one.
    /// </summary>
    public TimeSpan? CpuTime { get; init; }

    public StepResult Step(string name) => Steps.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"job {Name} has no step '{name}' (steps: {string.Join("; ", Steps.Select(s => s.Name))})");
}

/// <summary>One step: its outcome (before continue-on-error), conclusion (after) and, when it failed, why.</summary>
public sealed record StepResult(int Index, string Name, string Outcome, string Conclusion, string? Error)
{
    /// <summary>Warnings the emulated action emitted (a cache save that found its key taken, an artifact path with no files).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public TimeSpan Duration { get; init; }
}

/// <summary>The rehearsal itself could not run (Docker down, a path it cannot map): never a verdict on the workflow.</summary>
public sealed class RehearsalException(string message) : Exception(message);
