using YamlDotNet.RepresentationModel;

namespace Conformance.WorkflowRehearsal.Workflow;

/// <summary>
/// A workflow file as the rehearsal runs it: the workflow's <c>env</c>, the <c>workflow_dispatch</c>
/// inputs with their defaults, the default shell, and the jobs in file order. Values stay the text
/// the file holds (expressions included); they are evaluated when a job runs, as GitHub does.
/// </summary>
/// <param name="Document">The parsed YAML (what a mutation changes before parsing again).</param>
public sealed record WorkflowDefinition(string Path, string Name, IReadOnlyList<KeyValuePair<string, string>> Env,
    IReadOnlyDictionary<string, WorkflowInput> DispatchInputs, string? DefaultShell, IReadOnlyList<JobDefinition> Jobs, YamlStream Document)
{
    /// <summary>The workflow's <c>permissions</c> for GITHUB_TOKEN (scope → read/write; <c>*</c> for read-all/write-all); null: not set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Permissions { get; init; }

    public JobDefinition Job(string id) => Jobs.FirstOrDefault(j => j.Id == id)
        ?? throw new WorkflowException($"{Path}: no job '{id}' (jobs: {string.Join(", ", Jobs.Select(j => j.Id))})");
}

/// <summary>A <c>workflow_dispatch</c> input: its type (string, boolean, number, choice) and default.</summary>
public sealed record WorkflowInput(string Name, string Type, string? Default);

/// <summary>One job: what it needs, when it runs, how long it may take, its matrix, steps and outputs.</summary>
/// <param name="Matrix">The matrix axes (name → values) in file order; empty without a matrix.</param>
public sealed record JobDefinition(string Id, IReadOnlyList<string> Needs, string? If, double TimeoutMinutes,
    IReadOnlyList<KeyValuePair<string, string>> Outputs, IReadOnlyList<KeyValuePair<string, string>> Env,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Matrix, bool FailFast, IReadOnlyList<StepDefinition> Steps)
{
    /// <summary>The job's own <c>permissions</c> (replacing the workflow's); null: the workflow's.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Permissions { get; init; }

    /// <summary>The names of the job's instances: the id, or <c>id (v1, v2)</c> per matrix combination, as GitHub shows them.</summary>
    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Matrix)> Instances()
    {
        IEnumerable<List<KeyValuePair<string, string>>> combos = [[]];
        foreach (var (axis, values) in Matrix)
            combos = combos.SelectMany(c => values.Select(v => new List<KeyValuePair<string, string>>(c) { new(axis, v) })).ToList();
        return combos.Select(c => (c.Count == 0 ? Id : $"{Id} ({string.Join(", ", c.Select(kv => kv.Value))})",
            (IReadOnlyDictionary<string, string>)c.ToDictionary(kv => kv.Key, kv => kv.Value))).ToList();
    }

    /// <summary>GitHub's default job timeout (360 minutes) when the file names none.</summary>
    public const double DefaultTimeoutMinutes = 360;
}

/// <summary>One step: a <c>run:</c> script or a <c>uses:</c> action with its <c>with:</c> inputs.</summary>
/// <param name="Index">Its position in the job (0-based), for messages and for <c>__N</c> ids GitHub gives steps without one.</param>
public sealed record StepDefinition(int Index, string? Id, string? Name, string? Uses, string? Run,
    IReadOnlyList<KeyValuePair<string, string>> With, IReadOnlyList<KeyValuePair<string, string>> Env, string? If,
    string? ContinueOnError, string? Shell, string? WorkingDirectory, double? TimeoutMinutes)
{
    /// <summary>What a person calls the step: its name, else the action or the first line of its script.</summary>
    public string DisplayName => Name ?? (Uses is not null ? $"Run {Uses}" : $"Run {Run?.Split('\n')[0].Trim()}");

    public string? Input(string name) => With.FirstOrDefault(kv => kv.Key == name).Value;
}

/// <summary>A workflow file the rehearsal cannot run as written (a syntax or feature it does not support): the message names what and where.</summary>
public sealed class WorkflowException(string message) : Exception(message);
