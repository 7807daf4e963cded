using Conformance.WorkflowRehearsal.Workflow;
using Conformance.WorkflowRehearsal.Running;
using Conformance.WorkflowRehearsal.Services;

namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>
/// One action the rehearsal emulates, written from the action's own source and README (each rule
/// cites file and line at the tag the workflow's major version resolves to). <see cref="Inputs"/>
/// lists every input with its default; an input the action does not have is an error (GitHub only
/// warns, but a misspelt input silently takes the default, which is how data flow breaks).
/// </summary>
internal interface IActionEmulation
{
    /// <summary><c>owner/repo[/path]</c>, without the version.</summary>
    string Action { get; }

    /// <summary>The major versions emulated (<c>v4</c>); another version fails: its behaviour may differ.</summary>
    IReadOnlyList<string> Versions { get; }

    /// <summary>Every input and its default (null: none).</summary>
    IReadOnlyDictionary<string, string?> Inputs { get; }

    /// <summary>The outputs the action sets (its action.yml's <c>outputs</c>), what <c>steps.ID.outputs.NAME</c> may read.</summary>
    IReadOnlyList<string> Outputs { get; }

    Task RunAsync(ActionContext context, CancellationToken cancellationToken);
}

/// <summary>What an emulated action sees and may do: its inputs, the job's machine and run, outputs, warnings, a post step.</summary>
internal sealed class ActionContext(JobRun job, StepDefinition step, IReadOnlyDictionary<string, string> inputs)
{
    public StepDefinition Step => step;
    public IRunnerMachine Machine => job.Machine;
    public string Workspace => job.Workspace;
    public string RunnerTemp => job.RunnerTemp;
    public int RunAttempt => job.Attempt;
    public string JobName => job.Name;
    public string JobId => job.JobId;
    public int RunId => job.RunId;

    /// <summary>The jobs whose artifacts and caches of this run this job may rely on: itself and what it needs, transitively.</summary>
    public IReadOnlySet<string> VisibleJobs => job.VisibleJobs;
    public ArtifactStore Artifacts => job.Artifacts;
    public CacheService Caches => job.World.Caches;
    public RehearsalOptions Options => job.Options;
    public string Token => job.Token;
    public string GitHubServerUrl => "https://github.com";
    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);
    public List<string> Warnings { get; } = [];

    public string Input(string name) => inputs.TryGetValue(name, out var v) ? v : "";

    public bool BoolInput(string name) => Input(name).Trim().Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A multi-line input as actions read it (getInputAsArray: split on newlines, trimmed, empty lines dropped).</summary>
    public IReadOnlyList<string> Lines(string name) => Input(name).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public void Log(string line) => job.Log(line);

    public void Warn(string message)
    {
        Warnings.Add(message);
        job.Log($"Warning: {message}");
    }

    /// <summary>Adds a variable for the following steps (what an action writes to GITHUB_ENV).</summary>
    public void SetEnv(string name, string value) => job.SetEnv(name, value);

    /// <summary>Prepends a directory to PATH for the following steps (GITHUB_PATH).</summary>
    public void AddPath(string directory) => job.AddPath(directory);

    /// <summary>Runs after the job's steps, in reverse order of registration, when <paramref name="condition"/> holds (an action's post-if).</summary>
    public void Post(string condition, Func<ActionContext, CancellationToken, Task> post) => job.AddPost(step, condition, ctx => post(this, ctx));

    /// <summary>Fails the step with the action's own message.</summary>
    public static ActionFailedException Fail(string message) => new(message);

    /// <summary>A glob over the machine's files, its paths mapped to this host.</summary>
    public Glob Glob(string patterns) => new(patterns, Machine.Home, Workspace, Machine.HostPath);

    public Task RunShellAsync(string script, CancellationToken cancellationToken) => job.RunHelperAsync(script, cancellationToken);
}

/// <summary>An emulated action failed the step (core.setFailed): the message is the action's.</summary>
internal sealed class ActionFailedException(string message) : Exception(message);
