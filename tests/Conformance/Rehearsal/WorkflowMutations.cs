using System.Text.RegularExpressions;
using Conformance.WorkflowRehearsal.Workflow;
using YamlDotNet.RepresentationModel;

namespace Conformance.Tests.Rehearsal;

/// <summary>What a mutation changes: which kind of link between a producer and its consumer.</summary>
public enum MutationCategory
{
    /// <summary>An uploaded artifact's name.</summary>
    ArtifactName,
    /// <summary>A path an upload collects (where a step left the files).</summary>
    ArtifactPath,
    /// <summary>A download's name or pattern.</summary>
    DownloadSource,
    /// <summary>Where a download puts the files (where a later step looks for them).</summary>
    DownloadPath,
    /// <summary>A cache's key or restore keys.</summary>
    CacheKey,
    /// <summary>A cache's paths (they make the cache version).</summary>
    CachePath,
    StepId,
    StepOutput,
    JobOutput,
    Needs,
}

/// <summary>One change to a workflow file: what it changes, which kind of link, and the changed file.</summary>
public sealed record WorkflowMutation(string Description, MutationCategory Category, string Yaml)
{
    /// <summary>
    /// Whether the rehearsal's data-flow check (<see cref="Conformance.WorkflowRehearsal.Workflow.DataFlow"/>) decides it without
    /// running: names, keys, ids, outputs and needs are matched by identity, cache paths by the version they make. Where an
    /// upload finds its files and where a script looks for a download only running tells.
    /// </summary>
    public bool DecidedStatically => Category is not (MutationCategory.ArtifactPath or MutationCategory.DownloadPath);

    public override string ToString() => Description;
}

/// <summary>
/// The changes to a workflow that its data flow must not survive, generated from the parsed file
/// (never listed by hand): every producer or consumer of something another step or job reads —
/// an artifact's name and paths (when a download consumes it), a download's name, pattern and path,
/// a cache's key, restore keys and paths (except the caches that only save time, <see cref="TimeOnly"/>),
/// a step id or an output name that an expression reads, a job output another job reads, and each
/// <c>needs</c> entry through which a job reads another's outputs or artifacts (not one it reaches
/// through another need). Log files, read by people only, are not part of the flow.
/// </summary>
public static class WorkflowMutations
{
    /// <summary>
    /// Caches whose loss only costs time, by the path they hold, and why — a mutation of them must not
    /// fail a night: NuGet restores its packages again; the Nix inputs are fetched (here: added) again;
    /// the build job's restore of the clone by prefix is followed by a fetch that clones afresh.
    /// </summary>
    public static bool TimeOnly(string job, string action, StepDefinition step) =>
        step.Input("path") is "~/.nuget/packages" || (step.Input("path") ?? "").Contains("NIX_BINARY_CACHE")
        || (job == "build" && action == "actions/cache/restore" && step.Input("path") == "clan-core");

    public static IReadOnlyList<WorkflowMutation> Of(string yaml, string path)
    {
        var workflow = WorkflowParser.Parse(yaml, path);
        var result = new List<WorkflowMutation>();
        void Add(string description, MutationCategory category, Action<YamlMappingNode> change)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            change((YamlMappingNode)stream.Documents[0].RootNode);
            var writer = new StringWriter();
            stream.Save(writer, assignAnchors: false);
            result.Add(new WorkflowMutation(description, category, writer.ToString()));
        }
        YamlMappingNode Job(YamlMappingNode root, string id) => (YamlMappingNode)((YamlMappingNode)root["jobs"])[id];
        YamlMappingNode Step(YamlMappingNode root, string job, int index) => (YamlMappingNode)((YamlSequenceNode)Job(root, job)["steps"])[index];
        void SetWith(YamlMappingNode root, string job, int index, string key, string value) => ((YamlMappingNode)Step(root, job, index)["with"]).Children[new YamlScalarNode(key)] = new YamlScalarNode(value);

        var uploads = workflow.Jobs.SelectMany(j => j.Steps.Where(s => Action(s) == "actions/upload-artifact").Select(s => (Job: j, Step: s))).ToList();
        var downloads = workflow.Jobs.SelectMany(j => j.Steps.Where(s => Action(s) == "actions/download-artifact").Select(s => (Job: j, Step: s))).ToList();
        bool Consumed(string name) => downloads.Any(d => d.Step.Input("name") is { } n ? n == name : d.Step.Input("pattern") is { } p && Glob(p).IsMatch(Regex.Replace(name, @"\$\{\{.*?\}\}", "x")));

        foreach (var (job, step) in uploads.Where(u => Consumed(u.Step.Input("name") ?? "artifact")))
        {
            var name = step.Input("name")!;
            // A prefix, so that neither a download by name nor one by pattern (shard-*) still finds it.
            Add($"{job.Id}: the artifact '{name}' uploaded as 'renamed-{name}'", MutationCategory.ArtifactName, root => SetWith(root, job.Id, step.Index, "name", "renamed-" + name));
            var lines = step.Input("path")!.Split('\n').Where(l => l.Trim().Length > 0).ToList();
            foreach (var line in lines.Where(l => !l.Trim().EndsWith(".log", StringComparison.Ordinal)))
                Add($"{job.Id}: the artifact '{name}' uploads '{Renamed(line.Trim())}' instead of '{line.Trim()}'", MutationCategory.ArtifactPath,
                    root => SetWith(root, job.Id, step.Index, "path", string.Join('\n', lines.Select(l => l == line ? Renamed(l.Trim()) : l.Trim()))));
        }
        foreach (var (job, step) in downloads)
        {
            if (step.Input("name") is { } name) Add($"{job.Id}: downloads '{name}-renamed'", MutationCategory.DownloadSource, root => SetWith(root, job.Id, step.Index, "name", name + "-renamed"));
            if (step.Input("pattern") is { } pattern) Add($"{job.Id}: downloads the pattern 'renamed-{pattern}'", MutationCategory.DownloadSource, root => SetWith(root, job.Id, step.Index, "pattern", "renamed-" + pattern));
            if (step.Input("path") is { } p) Add($"{job.Id}: downloads '{step.Input("name") ?? step.Input("pattern")}' into '{Renamed(p)}'", MutationCategory.DownloadPath, root => SetWith(root, job.Id, step.Index, "path", Renamed(p)));
        }
        foreach (var job in workflow.Jobs)
            foreach (var step in job.Steps.Where(s => Action(s) is "actions/cache" or "actions/cache/restore" or "actions/cache/save"))
            {
                if (TimeOnly(job.Id, Action(step)!, step)) continue;
                var where = $"{job.Id}, '{step.DisplayName}'";
                var saveKeys = workflow.Jobs.SelectMany(j => j.Steps).Where(s => Action(s) is "actions/cache" or "actions/cache/save").Select(s => s.Input("key")).ToHashSet();
                foreach (var input in new[] { "key", "restore-keys" })
                    // A restore's own key matters when the restore must hit or a save writes that very key; a
                    // placeholder key that only leads to the restore-keys prefix is not part of the flow.
                    if (step.Input(input) is { } value && (input != "key" || Action(step) != "actions/cache/restore" || step.Input("fail-on-cache-miss") == "true" || saveKeys.Contains(value)))
                        Add($"{where}: {input} 'renamed-{value}'", MutationCategory.CacheKey, root => SetWith(root, job.Id, step.Index, input, "renamed-" + value));
                Add($"{where}: path '{Renamed(step.Input("path")!)}'", MutationCategory.CachePath, root => SetWith(root, job.Id, step.Index, "path", Renamed(step.Input("path")!)));
            }
        foreach (var job in workflow.Jobs)
        {
            var text = JobText(job);
            foreach (var step in job.Steps.Where(s => s.Id is not null && text.Contains($"steps.{s.Id}.", StringComparison.Ordinal)))
            {
                Add($"{job.Id}: the step id '{step.Id}' renamed", MutationCategory.StepId, root => Step(root, job.Id, step.Index).Children[new YamlScalarNode("id")] = new YamlScalarNode(step.Id + "-renamed"));
                foreach (Match m in Regex.Matches(step.Run ?? "", @"echo ""([A-Za-z_][A-Za-z0-9_-]*)=[^\n]*>> ""\$GITHUB_OUTPUT"""))
                {
                    var output = m.Groups[1].Value;
                    if (!text.Contains($"steps.{step.Id}.outputs.{output}", StringComparison.Ordinal)) continue;
                    Add($"{job.Id}: the step '{step.Id}' writes the output '{output}_renamed'", MutationCategory.StepOutput, root =>
                        Step(root, job.Id, step.Index).Children[new YamlScalarNode("run")] = new YamlScalarNode(step.Run!.Replace($"echo \"{output}=", $"echo \"{output}_renamed=")) { Style = YamlDotNet.Core.ScalarStyle.Literal });
                }
            }
            foreach (var (key, value) in job.Outputs.Where(o => workflow.Jobs.Any(j => JobText(j).Contains($"needs.{job.Id}.outputs.{o.Key}", StringComparison.Ordinal))))
            {
                Add($"{job.Id}: the job output '{key}' renamed", MutationCategory.JobOutput, root =>
                {
                    var outputs = (YamlMappingNode)Job(root, job.Id)["outputs"];
                    outputs.Children.Remove(new YamlScalarNode(key));
                    outputs.Children[new YamlScalarNode(key + "_renamed")] = new YamlScalarNode(value);
                });
            }
            foreach (var need in job.Needs)
            {
                var reachedOtherwise = job.Needs.Where(n => n != need).Any(n => Ancestors(workflow, n).Contains(need));
                var reads = text.Contains($"needs.{need}.", StringComparison.Ordinal)
                            || (!reachedOtherwise && uploads.Any(u => u.Job.Id == need && downloads.Any(d => d.Job.Id == job.Id && Downloads(d.Step, u.Step.Input("name") ?? "artifact"))));
                if (!reads) continue;
                Add($"{job.Id}: no longer needs '{need}'", MutationCategory.Needs, root =>
                {
                    var node = Job(root, job.Id);
                    var rest = job.Needs.Where(n => n != need).ToList();
                    if (rest.Count == 0) node.Children.Remove(new YamlScalarNode("needs"));
                    else node.Children[new YamlScalarNode("needs")] = new YamlSequenceNode(rest.Select(n => (YamlNode)new YamlScalarNode(n)));
                });
            }
        }
        return result;
    }

    private static bool Downloads(StepDefinition download, string name) =>
        download.Input("name") is { } n ? n == name : download.Input("pattern") is { } p && Glob(p).IsMatch(Regex.Replace(name, @"\$\{\{.*?\}\}", "x"));

    private static HashSet<string> Ancestors(WorkflowDefinition workflow, string job)
    {
        var seen = new HashSet<string> { job };
        foreach (var need in workflow.Job(job).Needs) seen.UnionWith(Ancestors(workflow, need));
        return seen;
    }

    /// <summary>Everything in a job an expression or a script could read another step's or job's output from.</summary>
    private static string JobText(JobDefinition job) => string.Join('\n',
        job.Outputs.Select(o => o.Value).Concat(job.Env.Select(e => e.Value)).Append(job.If ?? "")
            .Concat(job.Steps.SelectMany(s => new[] { s.If ?? "", s.Run ?? "", s.Name ?? "" }.Concat(s.With.Select(w => w.Value)).Concat(s.Env.Select(e => e.Value)))));

    private static string? Action(StepDefinition step) => step.Uses?.Split('@')[0];

    private static string Renamed(string path) => path.StartsWith("${{", StringComparison.Ordinal) || path.StartsWith('/') || path.StartsWith('~') ? path.TrimEnd('/') + "-renamed" : "renamed-" + path;

    private static Regex Glob(string pattern) => new("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$");
}
