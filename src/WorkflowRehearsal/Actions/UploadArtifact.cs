namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>
/// actions/upload-artifact v4 (v4.6.2). Files only (directories are walked, empty ones dropped,
/// src/shared/search.ts 99–123), hidden files left out unless include-hidden-files (action.yml 43–47,
/// search.ts 14–21), stored relative to the artifact's <b>root</b>: the least common ancestor of the
/// patterns' search paths when there are several (search.ts 23–80, 125–141), the file's directory for
/// a single literal file (143–152), else the one search path (154–157) — so <c>path: runs/</c> stores
/// <c>shard-1/…</c>, not <c>runs/shard-1/…</c>. No files: if-no-files-found warn (default), error or
/// ignore (src/upload/upload-artifact.ts 31–52). Names are unique per run unless overwrite (60–62).
/// </summary>
internal sealed class UploadArtifact : IActionEmulation
{
    public string Action => "actions/upload-artifact";
    public IReadOnlyList<string> Versions => ["v4"];
    public IReadOnlyList<string> Outputs => ["artifact-id", "artifact-url", "artifact-digest"];
    public IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["name"] = "artifact", ["path"] = null, ["if-no-files-found"] = "warn", ["retention-days"] = null, ["compression-level"] = "6",
        ["overwrite"] = "false", ["include-hidden-files"] = "false",
    };

    public async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var path = context.Input("path");
        if (path.Trim().Length == 0) throw ActionContext.Fail("Input required and not supplied: path");
        var name = context.Input("name");
        var glob = context.Glob(path);
        var files = glob.Match(implicitDescendants: true, excludeHidden: !context.BoolInput("include-hidden-files")).Where(File.Exists).ToList();
        if (files.Count == 0)
        {
            var message = $"No files were found with the provided path: {path.Trim()}. No artifacts will be uploaded.";
            switch (context.Input("if-no-files-found"))
            {
                case "error": throw ActionContext.Fail(message);
                case "ignore": context.Log(message); return;
                default: context.Warn(message); return;
            }
        }
        var searchPaths = glob.SearchPaths;
        var root = searchPaths.Count > 1 ? LeastCommonAncestor(searchPaths)
            : files.Count == 1 && searchPaths[0] == files[0] ? Path.GetDirectoryName(files[0])!
            : searchPaths[0];
        var (id, directory) = context.Artifacts.Create(name, context.BoolInput("overwrite"), context.RunAttempt, context.JobName, context.JobId);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("..", StringComparison.Ordinal)) throw ActionContext.Fail($"{file} is outside the artifact's root {root}");
            await FileCopy.CopyAsync(file, Path.Combine(directory, relative), cancellationToken);
        }
        context.Outputs["artifact-id"] = id.ToString();
        context.Log($"uploaded artifact '{name}' (id {id}): {files.Count} file(s), root {context.Machine.MachinePath(root)}, e.g. {Path.GetRelativePath(root, files[0])}");
    }

    /// <summary>search.ts getMultiPathLCA (32–80): the common leading segments.</summary>
    private static string LeastCommonAncestor(IReadOnlyList<string> paths)
    {
        var split = paths.Select(p => p.Split('/')).ToList();
        var common = new List<string>();
        for (var i = 0; i < split.Min(s => s.Length); i++)
        {
            if (split.Any(s => s[i] != split[0][i])) break;
            common.Add(split[0][i]);
        }
        var joined = string.Join('/', common);
        return joined.Length == 0 ? "/" : joined;
    }
}
