using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.WorkflowRehearsal.Workflow;

/// <summary>
/// Reads a workflow file into a <see cref="WorkflowDefinition"/>. Every key the rehearsal does not
/// know is an error naming it and where it is: a workflow feature that is not emulated must not be
/// silently ignored (a rehearsal that skips what it cannot run would pass what GitHub fails). Keys
/// that only matter to GitHub's scheduler (<c>runs-on</c>, <c>permissions</c>, <c>concurrency</c>,
/// <c>on.schedule</c>) are accepted and not acted on.
/// </summary>
public static class WorkflowParser
{
    private static readonly string[] RootKeys = ["name", "run-name", "on", "permissions", "concurrency", "env", "defaults", "jobs"];
    private static readonly string[] JobKeys = ["name", "needs", "if", "runs-on", "timeout-minutes", "outputs", "env", "strategy", "steps", "permissions", "concurrency"];
    private static readonly string[] StepKeys = ["id", "name", "uses", "run", "with", "env", "if", "continue-on-error", "shell", "working-directory", "timeout-minutes"];

    public static WorkflowDefinition Load(string path)
    {
        if (!File.Exists(path)) throw new WorkflowException($"{path} does not exist: give a workflow file (.github/workflows/NAME.yml).");
        return Parse(File.ReadAllText(path), path);
    }

    public static WorkflowDefinition Parse(string text, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new WorkflowException($"{path}: not YAML: {e.Message}"); }
        return Parse(stream, path);
    }

    /// <summary>The workflow of an already parsed (possibly mutated) document.</summary>
    public static WorkflowDefinition Parse(YamlStream stream, string path)
    {
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new WorkflowException($"{path}: a workflow is one YAML mapping");
        Known(root, RootKeys, path, "the workflow");
        var jobsNode = Map(root, "jobs", path) ?? throw new WorkflowException($"{path}: no jobs");
        var defaults = Map(root, "defaults", path);
        string? shell = null;
        if (defaults is not null)
        {
            Known(defaults, ["run"], path, "defaults");
            if (Map(defaults, "run", path) is { } run) { Known(run, ["shell"], path, "defaults.run"); shell = Scalar(run, "shell"); }
        }
        var jobs = jobsNode.Children.Select(kv => Job(Key(kv.Key), kv.Value as YamlMappingNode
            ?? throw new WorkflowException($"{path}: jobs.{Key(kv.Key)} is not a mapping"), path)).ToList();
        foreach (var job in jobs)
            foreach (var need in job.Needs)
                if (jobs.All(j => j.Id != need))
                    throw new WorkflowException($"{path}: jobs.{job.Id}.needs names '{need}', which is not a job");
        return new WorkflowDefinition(path, Scalar(root, "name") ?? System.IO.Path.GetFileName(path), Pairs(Map(root, "env", path)),
            DispatchInputs(root, path), shell, jobs, stream) { Permissions = Permissions(root) };
    }

    private static IReadOnlyDictionary<string, WorkflowInput> DispatchInputs(YamlMappingNode root, string path)
    {
        // `on` is read by YAML 1.1 parsers as a boolean key; YamlDotNet keeps it as the scalar "on".
        var on = root.Children.FirstOrDefault(kv => Key(kv.Key) is "on" or "true").Value;
        if (on is not YamlMappingNode events || Map(events, "workflow_dispatch", path) is not { } dispatch || Map(dispatch, "inputs", path) is not { } inputs)
            return new Dictionary<string, WorkflowInput>();
        return inputs.Children.ToDictionary(kv => Key(kv.Key), kv =>
        {
            var input = (YamlMappingNode)kv.Value;
            Known(input, ["description", "type", "required", "default", "options"], path, $"on.workflow_dispatch.inputs.{Key(kv.Key)}");
            return new WorkflowInput(Key(kv.Key), Scalar(input, "type") ?? "string", Scalar(input, "default"));
        });
    }

    private static JobDefinition Job(string id, YamlMappingNode node, string path)
    {
        var where = $"jobs.{id}";
        Known(node, JobKeys, path, where);
        var needs = node.Children.TryGetValue(new YamlScalarNode("needs"), out var n)
            ? n is YamlSequenceNode seq ? seq.Children.Select(Key).ToList() : [Key(n)]
            : new List<string>();
        var matrix = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        var failFast = true;
        if (Map(node, "strategy", path) is { } strategy)
        {
            Known(strategy, ["fail-fast", "matrix", "max-parallel"], path, $"{where}.strategy");
            failFast = Scalar(strategy, "fail-fast") is not { } ff || ff == "true";
            if (Map(strategy, "matrix", path) is { } m)
                foreach (var (key, value) in m.Children)
                {
                    var axis = Key(key);
                    if (axis is "include" or "exclude")
                        throw new WorkflowException($"{path}: {where}.strategy.matrix.{axis} is not supported by the rehearsal (list the combinations as axes)");
                    if (value is not YamlSequenceNode values)
                        throw new WorkflowException($"{path}: {where}.strategy.matrix.{axis} is not a list (expressions as matrices are not supported)");
                    matrix.Add(new(axis, values.Children.Select(Key).ToList()));
                }
        }
        var steps = node.Children.TryGetValue(new YamlScalarNode("steps"), out var s) && s is YamlSequenceNode stepNodes
            ? stepNodes.Children.Select((step, i) => Step(i, step as YamlMappingNode ?? throw new WorkflowException($"{path}: {where}.steps[{i}] is not a mapping"), path, where)).ToList()
            : throw new WorkflowException($"{path}: {where} has no steps");
        return new JobDefinition(id, needs, Scalar(node, "if"), Minutes(Scalar(node, "timeout-minutes"), path, where) ?? JobDefinition.DefaultTimeoutMinutes,
            Pairs(Map(node, "outputs", path)), Pairs(Map(node, "env", path)), matrix, failFast, steps) { Permissions = Permissions(node) };
    }

    private static StepDefinition Step(int index, YamlMappingNode node, string path, string job)
    {
        var where = $"{job}.steps[{index}]";
        Known(node, StepKeys, path, where);
        var uses = Scalar(node, "uses");
        var run = Scalar(node, "run");
        if ((uses is null) == (run is null)) throw new WorkflowException($"{path}: {where} needs exactly one of run: and uses:");
        return new StepDefinition(index, Scalar(node, "id"), Scalar(node, "name"), uses, run, Pairs(Map(node, "with", path)), Pairs(Map(node, "env", path)),
            Scalar(node, "if"), Scalar(node, "continue-on-error"), Scalar(node, "shell"), Scalar(node, "working-directory"),
            Minutes(Scalar(node, "timeout-minutes"), path, where));
    }

    private static IReadOnlyList<KeyValuePair<string, string>>? Permissions(YamlMappingNode node) =>
        !node.Children.TryGetValue(new YamlScalarNode("permissions"), out var value) ? null
        : value is YamlScalarNode s ? [new("*", s.Value ?? "")]
        : Pairs((YamlMappingNode)value);

    private static double? Minutes(string? text, string path, string where) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0 ? minutes
        : throw new WorkflowException($"{path}: {where}.timeout-minutes '{text}' is not a positive number (expressions there are not supported)");

    private static void Known(YamlMappingNode node, string[] keys, string path, string where)
    {
        foreach (var key in node.Children.Keys.Select(Key))
            if (!keys.Contains(key) && !(where == "the workflow" && key == "true"))
                throw new WorkflowException($"{path}: '{key}' in {where} is not supported by the rehearsal (supported: {string.Join(", ", keys)})");
    }

    private static YamlMappingNode? Map(YamlMappingNode node, string key, string path) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value as YamlMappingNode ?? (value is YamlScalarNode { Value: null or "" } ? null : throw new WorkflowException($"{path}: '{key}' is not a mapping"))
            : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value is YamlScalarNode s ? s.Value : throw new WorkflowException($"'{key}' is not a scalar") : null;

    private static IReadOnlyList<KeyValuePair<string, string>> Pairs(YamlMappingNode? node) =>
        node is null ? [] : node.Children.Select(kv => new KeyValuePair<string, string>(Key(kv.Key), kv.Value is YamlScalarNode s ? s.Value ?? "" : throw new WorkflowException($"'{Key(kv.Key)}' is not a scalar"))).ToList();

    private static string Key(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : throw new WorkflowException($"a key or list element is not a scalar: {node}");
}
