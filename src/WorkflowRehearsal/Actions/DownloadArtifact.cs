using System.Text.RegularExpressions;

namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>
/// actions/download-artifact v4 (src/download-artifact.ts at v4.3.0). Destination: <c>path</c>
/// (<c>~</c> expanded, relative to the working directory) or the workspace (32–38). By <c>name</c>:
/// that artifact, into the destination itself; missing, the step fails "Artifact 'NAME' not found"
/// (72–88, 205–207). Otherwise every artifact of the run (latest per name), filtered by the
/// <c>pattern</c> glob (136–150; none matching is not an error), each into DESTINATION/NAME/ — or,
/// with <c>merge-multiple</c>, all into the destination itself (172–182).
/// </summary>
internal sealed class DownloadArtifact : IActionEmulation
{
    public string Action => "actions/download-artifact";
    public IReadOnlyList<string> Versions => ["v4"];
    public IReadOnlyList<string> Outputs => ["download-path"];
    public IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["name"] = null, ["artifact-ids"] = null, ["path"] = null, ["pattern"] = null, ["merge-multiple"] = "false", ["github-token"] = null,
        ["repository"] = "${{ github.repository }}", ["run-id"] = "${{ github.run_id }}",
    };

    public async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Input("github-token").Length > 0 || context.Input("artifact-ids").Length > 0)
            throw ActionContext.Fail("downloads from another run or by id are not emulated");
        var path = context.Input("path");
        if (path.Length == 0) path = context.Workspace;
        if (path.StartsWith('~')) path = context.Machine.Home + path[1..];
        if (!path.StartsWith('/')) path = $"{context.Workspace}/{path}";
        var name = context.Input("name");
        var all = context.Artifacts.List(context.VisibleJobs);
        IReadOnlyList<Services.ArtifactStore.Artifact> chosen;
        if (name.Length > 0)
            chosen = [all.FirstOrDefault(a => a.Name == name) ?? throw ActionContext.Fail($"Unable to download artifact(s): Artifact '{name}' not found (the run has: {string.Join(", ", all.Select(a => a.Name))})")];
        else
        {
            var pattern = context.Input("pattern");
            chosen = pattern.Length == 0 ? all : all.Where(a => Matches(pattern, a.Name)).ToList();
        }
        var single = name.Length > 0 || context.BoolInput("merge-multiple");
        foreach (var artifact in chosen)
        {
            var destination = single ? path : $"{path}/{artifact.Name}";
            await FileCopy.CopyAsync(artifact.Directory, context.Machine.HostPath(destination), cancellationToken);
            await context.Machine.OwnAsync(destination, cancellationToken);
            context.Log($"downloaded artifact '{artifact.Name}' into {destination}");
        }
        context.Log($"Total of {chosen.Count} artifact(s) downloaded");
        context.Outputs["download-path"] = path;
    }

    /// <summary>A minimatch pattern on a name (no slashes in artifact names): <c>*</c>, <c>?</c>, <c>[…]</c>.</summary>
    private static bool Matches(string pattern, string name) =>
        Regex.IsMatch(name, "^" + string.Concat(pattern.Select(c => c switch { '*' => ".*", '?' => ".", '[' => "[", ']' => "]", _ => Regex.Escape(c.ToString()) })) + "$");
}
