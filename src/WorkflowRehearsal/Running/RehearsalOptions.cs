namespace Conformance.WorkflowRehearsal;

/// <summary>Where a rehearsal's jobs run (see <see cref="RehearsalOptions.Machine"/>).</summary>
public enum MachineKind
{
    /// <summary>A Docker container per job, from the Nix image of the version the job installs: what the live rehearsal uses.</summary>
    Container,

    /// <summary>A directory of this machine per job, steps under this machine's bash: fast, no Docker; with stand-in commands, what the offline specs use.</summary>
    Local,
}

/// <summary>How the rehearsal runs a workflow. Defaults are the live rehearsal's, each with why.</summary>
public sealed record RehearsalOptions
{
    /// <summary>The repository checked out by actions/checkout (its committed tree at <see cref="Commit"/>, as GitHub checks out the run's commit).</summary>
    public required string Repository { get; init; }

    /// <summary>The commit checked out; HEAD by default (uncommitted changes are not what GitHub would run).</summary>
    public string Commit { get; init; } = "HEAD";

    /// <summary>GitHub's <c>owner/name</c> of the repository (github.repository; issues are filed there).</summary>
    public string RepositoryName { get; init; } = "rehearsal/clan-conformance";

    public MachineKind Machine { get; init; } = MachineKind.Container;

    /// <summary>
    /// Nix version → what provides it: an image (Container: the images scripts/setup builds, the two Nix
    /// versions .ci/run tests) or a directory holding a <c>nix</c> (Local). An installer that brings
    /// another version fails: a Nix nothing here tests is not a Nix the night may run.
    /// </summary>
    public IReadOnlyDictionary<string, string> Nix { get; init; } = new Dictionary<string, string>
    {
        ["2.26.3"] = "clan-conformance-nix:latest",
        ["2.34.8"] = "clan-conformance-nix:2.34",
    };

    /// <summary>A directory of stand-in commands put on every step's PATH before the system's (Local machines).</summary>
    public string? StandIns { get; init; }

    /// <summary>Upstream URLs → local clones: the git configuration's <c>insteadOf</c>, the rehearsal's network for git.</summary>
    public IReadOnlyDictionary<string, string> GitUrls { get; init; } = new Dictionary<string, string>();

    /// <summary>Host directory → the path a Container machine sees it at, read-only (the clones <see cref="GitUrls"/> names, offline inputs).</summary>
    public IReadOnlyDictionary<string, string> Mounts { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A directory of NuGet packages in the global-packages layout (<c>id/version/id.version.nupkg</c>, which is also
    /// NuGet's local-feed layout), e.g. this machine's <c>~/.nuget/packages</c>: a Container machine's only package source,
    /// read-only, in the runner user's NuGet.Config — the rehearsal's stand-in for nuget.org. Restore then copies
    /// packages from disk instead of downloading them (minutes at this machine's load); the runner's own
    /// <c>~/.nuget/packages</c> starts empty, so the workflow's NuGet cache is exercised as on GitHub. Null: nuget.org.
    /// </summary>
    public string? NuGetFeed { get; init; }

    /// <summary>
    /// Variables every step sees on top of the runner's (the rehearsal's stand-ins for what GitHub's
    /// network provides, and rehearsal-mode switches the workflow documents); empty on GitHub.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Jobs running at once. 1: this machine has 2 cores shared with others; GitHub runs them side by side on machines of their own.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Every job's output line, prefixed with the job's name.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Stop the run after a job for which this holds (the remaining jobs are not started and do not appear
    /// in the result): a spec that only asks whether a workflow breaks needs no more than the first break.
    /// </summary>
    public Func<JobResult, bool>? StopAfter { get; init; }

    /// <summary>Scales every timeout-minutes (a spec that rehearses a job timeout in seconds); 1 on a real night.</summary>
    public double TimeScale { get; init; } = 1;
}

/// <summary>What started a run: <c>schedule</c> (no inputs) or <c>workflow_dispatch</c> with inputs (unset ones take their defaults).</summary>
public sealed record WorkflowEvent(string Name, IReadOnlyDictionary<string, string> Inputs)
{
    public static WorkflowEvent Schedule { get; } = new("schedule", new Dictionary<string, string>());

    public static WorkflowEvent Dispatch(IReadOnlyDictionary<string, string>? inputs = null) => new("workflow_dispatch", inputs ?? new Dictionary<string, string>());
}
