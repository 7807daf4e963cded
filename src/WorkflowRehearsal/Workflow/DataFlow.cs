using System.Text.RegularExpressions;
using Conformance.WorkflowRehearsal.Actions;

namespace Conformance.WorkflowRehearsal.Workflow;

/// <summary>A consumer in a workflow's data flow that no producer can satisfy: the job and step that would read nothing, and why.</summary>
public sealed record DataFlowProblem(string Job, string Step, string Message)
{
    public override string ToString() => $"job {Job}, {Step}: {Message}";
}

/// <summary>
/// The data flow of a workflow, checked without running it: every consumer of something another step or job
/// makes is matched against its producers by the rules the rehearsal's emulations follow when they run.
/// <list type="bullet">
/// <item><c>steps.ID.outputs.NAME</c> (and <c>.outcome</c>, <c>.conclusion</c>): a step with that id earlier in the job
/// (any step of the job for the job's <c>outputs</c>) that writes NAME to <c>$GITHUB_OUTPUT</c>, or an action with that
/// output (<see cref="IActionEmulation.Outputs"/>);</item>
/// <item><c>needs.JOB.outputs.NAME</c> (and <c>.result</c>): JOB among the job's own <c>needs</c> (the context holds
/// direct needs only) and NAME among JOB's outputs;</item>
/// <item>a download by <c>name</c> or <c>pattern</c>: an upload of a matching name in the job or a job it needs,
/// directly or through another (another job's artifact may not exist yet, <see cref="Services.ArtifactStore"/>);</item>
/// <item>a cache restore: a save whose <c>path</c> lines are the restore's (they make the cache version,
/// <see cref="Services.CacheService.Version"/>) and whose key is the restore's key or starts with one of its restore
/// keys — from any job (an earlier run's), or, for a restore that must hit (<c>fail-on-cache-miss</c>), the job itself or
/// a job it needs.</item>
/// </list>
/// Keys and names are compared symbolically: <c>${{ matrix.X }}</c> takes each instance's value, a job output read
/// through <c>needs</c> is followed to the step output it names, and any other expression is a symbol equal only to
/// itself (<c>⟨github.run_id⟩</c>). What a <c>run:</c> script does with files (the paths an upload finds, where a
/// script looks for a download) is not decided here: only running the steps tells, which the rehearsal does.
/// </summary>
public static class DataFlow
{
    public static IReadOnlyList<DataFlowProblem> Check(WorkflowDefinition workflow)
    {
        var problems = new List<DataFlowProblem>();
        foreach (var job in workflow.Jobs)
        {
            CheckReferences(workflow, job, problems);
            CheckDownloads(workflow, job, problems);
            CheckRestores(workflow, job, problems);
        }
        return problems;
    }

    private static readonly Regex StepReference = new(@"\bsteps\.([A-Za-z_][\w-]*)\.(?:outputs\.([A-Za-z_][\w-]*)|outcome|conclusion)\b");
    private static readonly Regex NeedsReference = new(@"\bneeds\.([A-Za-z_][\w-]*)\.(?:outputs\.([A-Za-z_][\w-]*)|result)\b");
    private static readonly Regex Embedded = new(@"\$\{\{(.*?)\}\}", RegexOptions.Singleline);

    private static void CheckReferences(WorkflowDefinition workflow, JobDefinition job, List<DataFlowProblem> problems)
    {
        void Check(string? text, bool bare, string where, int before)
        {
            if (text is null) return;
            var expressions = bare ? [text] : Embedded.Matches(text).Select(m => m.Groups[1].Value).ToList();
            foreach (var expression in expressions)
            {
                foreach (Match m in StepReference.Matches(expression))
                {
                    var (id, output) = (m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null);
                    var producer = job.Steps.Take(before).FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));
                    if (producer is null)
                        problems.Add(new(job.Id, where, $"reads {m.Value}, but no step {(before < job.Steps.Count ? "before it" : "of the job")} has the id '{id}' " +
                                                         $"(ids: {string.Join(", ", job.Steps.Take(before).Where(s => s.Id is not null).Select(s => s.Id)).OrEmpty()}): it reads ''"));
                    else if (output is not null && !Produces(producer, output))
                        problems.Add(new(job.Id, where, $"reads {m.Value}, but step '{producer.DisplayName}' writes no output '{output}' " +
                                                         $"(it writes: {string.Join(", ", OutputsOf(producer)).OrEmpty()}): it reads ''"));
                }
                foreach (Match m in NeedsReference.Matches(expression))
                {
                    var (need, output) = (m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null);
                    if (!job.Needs.Contains(need, StringComparer.OrdinalIgnoreCase))
                        problems.Add(new(job.Id, where, $"reads {m.Value}, but '{need}' is not among the job's needs ({string.Join(", ", job.Needs).OrEmpty()}; the needs context holds direct needs only): it reads ''"));
                    else if (output is not null && workflow.Jobs.FirstOrDefault(j => j.Id == need) is { } producer
                             && !producer.Outputs.Any(o => string.Equals(o.Key, output, StringComparison.OrdinalIgnoreCase)))
                        problems.Add(new(job.Id, where, $"reads {m.Value}, but job {need} has no output '{output}' (its outputs: {string.Join(", ", producer.Outputs.Select(o => o.Key)).OrEmpty()}): it reads ''"));
                }
            }
        }
        Check(job.If, bare: true, "the job's if", 0);
        foreach (var (key, value) in job.Outputs) Check(value, bare: false, $"output '{key}'", job.Steps.Count);
        foreach (var (_, value) in job.Env) Check(value, bare: false, "the job's env", 0);
        foreach (var step in job.Steps)
        {
            var where = $"step '{step.DisplayName}'";
            Check(step.If, bare: true, where, step.Index);
            foreach (var text in new[] { step.Run, step.Name, step.ContinueOnError, step.WorkingDirectory }.Concat(step.With.Select(w => w.Value)).Concat(step.Env.Select(e => e.Value)))
                Check(text, bare: false, where, step.Index);
        }
    }

    /// <summary>Whether a step writes <paramref name="output"/>: a <c>run:</c> line <c>NAME=…</c> or <c>NAME&lt;&lt;…</c> into $GITHUB_OUTPUT, or the action's output.</summary>
    private static bool Produces(StepDefinition step, string output) =>
        OutputsOf(step).Contains(output, StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyList<string> OutputsOf(StepDefinition step)
    {
        if (step.Run is not null)
            return step.Run.Split('\n').Where(l => l.Contains("GITHUB_OUTPUT", StringComparison.Ordinal))
                .SelectMany(l => Regex.Matches(l, @"(?<![\w$-])([A-Za-z_][\w-]*)(?:=|<<)").Select(m => m.Groups[1].Value)).Distinct().ToList();
        return Action(step) is { } name && ActionCatalog.All.FirstOrDefault(a => string.Equals(a.Action, name, StringComparison.OrdinalIgnoreCase)) is { } action
            ? action.Outputs : [];
    }

    private static void CheckDownloads(WorkflowDefinition workflow, JobDefinition job, List<DataFlowProblem> problems)
    {
        var visible = Ancestors(workflow, job);
        foreach (var step in job.Steps.Where(s => Action(s) == "actions/download-artifact"))
        {
            var name = step.Input("name");
            var pattern = step.Input("pattern");
            if (name is null && pattern is null) continue; // every artifact of the run: nothing in particular is read
            var uploads = workflow.Jobs.Where(j => visible.Contains(j.Id))
                .SelectMany(j => j.Steps.Where(s => Action(s) == "actions/upload-artifact" && (j.Id != job.Id || s.Index < step.Index))
                    .SelectMany(s => j.Instances().Select(i => (Job: j.Id, Name: Symbolic(s.Input("name") ?? "artifact", workflow, j, i.Matrix)))))
                .Distinct().ToList();
            var wanted = name is not null ? Symbolic(name, workflow, job, Single(job)) : Symbolic(pattern!, workflow, job, Single(job));
            var found = name is not null ? uploads.Any(u => u.Name == wanted) : uploads.Any(u => Glob(wanted).IsMatch(u.Name));
            if (!found)
                problems.Add(new(job.Id, $"step '{step.DisplayName}'",
                    $"{(name is not null ? $"downloads the artifact '{wanted}'" : $"downloads the pattern '{wanted}'")}, which no upload of the job or a job it needs makes " +
                    $"({string.Join("; ", uploads.GroupBy(u => u.Job).Select(g => $"{g.Key} uploads {string.Join(", ", g.Select(u => u.Name))}")).OrEmpty()})"));
        }
    }

    private sealed record Save(string Job, string Step, string Key, string Paths);

    private static void CheckRestores(WorkflowDefinition workflow, JobDefinition job, List<DataFlowProblem> problems)
    {
        var saves = workflow.Jobs.SelectMany(j => j.Steps.Where(s => Action(s) is "actions/cache" or "actions/cache/save" && s.Input("key") is not null)
            .Select(s => new Save(j.Id, s.DisplayName, Symbolic(s.Input("key")!, workflow, j, Single(j)), PathLines(s)))).ToList();
        var visible = Ancestors(workflow, job);
        foreach (var step in job.Steps.Where(s => Action(s) is "actions/cache" or "actions/cache/restore" && s.Input("key") is not null))
        {
            var key = Symbolic(step.Input("key")!, workflow, job, Single(job));
            var prefixes = Lines(step.Input("restore-keys")).Select(k => Symbolic(k, workflow, job, Single(job))).ToList();
            var mustHit = Lines(step.Input("fail-on-cache-miss")).FirstOrDefault() == "true";
            var paths = PathLines(step);
            bool KeyMatches(Save s) => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase) || prefixes.Any(p => s.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase));
            // A restore that must hit relies on this run: the save must have run before it, in the job or a job it needs.
            var candidates = saves.Where(s => !mustHit || visible.Contains(s.Job)).ToList();
            if (candidates.Any(s => KeyMatches(s) && s.Paths == paths)) continue;
            var byKey = candidates.Where(KeyMatches).ToList();
            var reason = byKey.Count > 0
                ? $"the saves of a matching key name other paths ({string.Join("; ", byKey.Select(s => $"{s.Job} '{s.Step}': '{s.Paths}'"))}), and the paths make the cache version: " +
                  $"a restore of '{paths}' finds none of them"
                : $"no save{(mustHit ? " in the job or a job it needs" : "")} has the key '{key}'{(prefixes.Count > 0 ? $" or one starting with '{string.Join("', '", prefixes)}'" : "")} " +
                  $"(saved: {string.Join("; ", candidates.Select(s => $"{s.Job} '{s.Key}'")).OrEmpty()})";
            problems.Add(new(job.Id, $"step '{step.DisplayName}'", $"restores a cache nothing saves: {reason}"));
        }
    }

    private static string PathLines(StepDefinition step) => string.Join('\n', Lines(step.Input("path")));

    private static IEnumerable<string> Lines(string? text) => (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    private static IReadOnlyDictionary<string, string> Single(JobDefinition job) =>
        job.Instances() is [var only] ? only.Matrix : new Dictionary<string, string>();

    /// <summary>
    /// A text with each <c>${{ }}</c> replaced by its symbolic value: a matrix value (when the instance is known), the
    /// step output a job output read through <c>needs</c> names (<c>⟨JOB.STEP.NAME⟩</c>, followed once), else the
    /// expression itself without spaces (<c>⟨github.run_id⟩</c>), equal only to the same expression.
    /// </summary>
    internal static string Symbolic(string text, WorkflowDefinition workflow, JobDefinition job, IReadOnlyDictionary<string, string> matrix, int depth = 0) =>
        Embedded.Replace(text, m =>
        {
            var expression = Regex.Replace(m.Groups[1].Value, @"\s+", "");
            if (Regex.Match(expression, @"^matrix\.([\w-]+)$") is { Success: true } mx && matrix.TryGetValue(mx.Groups[1].Value, out var value)) return value;
            if (Regex.Match(expression, @"^steps\.([\w-]+)\.outputs\.([\w-]+)$") is { Success: true } so) return $"⟨{job.Id}.{so.Groups[1].Value}.{so.Groups[2].Value}⟩";
            if (depth < 4 && Regex.Match(expression, @"^needs\.([\w-]+)\.outputs\.([\w-]+)$") is { Success: true } no
                && workflow.Jobs.FirstOrDefault(j => j.Id == no.Groups[1].Value) is { } producer
                && producer.Outputs.FirstOrDefault(o => string.Equals(o.Key, no.Groups[2].Value, StringComparison.OrdinalIgnoreCase)) is { Key: not null } output)
                return Symbolic(output.Value, workflow, producer, Single(producer), depth + 1);
            return $"⟨{expression}⟩";
        });

    private static HashSet<string> Ancestors(WorkflowDefinition workflow, JobDefinition job)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { job.Id };
        var todo = new Stack<string>(job.Needs);
        while (todo.Count > 0)
        {
            var id = todo.Pop();
            if (seen.Add(id) && workflow.Jobs.FirstOrDefault(j => j.Id == id) is { } need)
                foreach (var n in need.Needs) todo.Push(n);
        }
        return seen;
    }

    private static string? Action(StepDefinition step) => step.Uses?.Split('@')[0];

    /// <summary>download-artifact's pattern (minimatch on a name without slashes): <c>*</c>, <c>?</c>.</summary>
    private static Regex Glob(string pattern) => new("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$");

    private static string OrEmpty(this string text) => text.Length == 0 ? "none" : text;
}

/// <summary>A workflow whose data flow is broken before anything runs (<see cref="DataFlow.Check"/>): each problem names the job and step.</summary>
public sealed class DataFlowException(IReadOnlyList<DataFlowProblem> problems)
    : Exception($"the workflow's data flow is broken: {string.Join("; ", problems)}")
{
    public IReadOnlyList<DataFlowProblem> Problems { get; } = problems;
}
