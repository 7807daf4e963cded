using CliWrap;
using CliWrap.Buffered;

namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>
/// actions/checkout v4 (action.yml at v4.3.1): the run's commit into the workspace (or <c>path</c>
/// under it, line 55), fetch-depth 1 by default (line 74): a repository with that one commit, as a
/// shallow fetch leaves it. The commit is <see cref="RehearsalOptions.Commit"/> of the local
/// repository: what is committed, not the working tree, as on GitHub. persist-credentials (line 52)
/// has no effect here (nothing is pushed; no credentials exist).
/// </summary>
internal sealed class Checkout : IActionEmulation
{
    public string Action => "actions/checkout";
    public IReadOnlyList<string> Versions => ["v4"];
    public IReadOnlyList<string> Outputs => ["ref", "commit"];
    public IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["repository"] = "${{ github.repository }}", ["ref"] = null, ["token"] = "${{ github.token }}", ["ssh-key"] = null, ["ssh-known-hosts"] = null,
        ["ssh-strict"] = "true", ["ssh-user"] = "git", ["persist-credentials"] = "true", ["path"] = null, ["clean"] = "true", ["filter"] = null,
        ["sparse-checkout"] = null, ["sparse-checkout-cone-mode"] = "true", ["fetch-depth"] = "1", ["fetch-tags"] = "false", ["show-progress"] = "true",
        ["lfs"] = "false", ["submodules"] = "false", ["set-safe-directory"] = "true", ["github-server-url"] = null,
    };

    public async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Input("repository") != context.Options.RepositoryName || context.Input("ref").Length > 0 || context.Input("fetch-depth") != "1")
            throw ActionContext.Fail("the rehearsal checks out this repository's commit only (no repository, ref or fetch-depth other than the defaults)");
        var target = context.Input("path") is { Length: > 0 } p ? $"{context.Workspace}/{p}" : context.Workspace;
        var host = context.Machine.HostPath(target);
        Directory.CreateDirectory(host);
        var sha = await Git(context.Options.Repository, ["rev-parse", "--verify", context.Options.Commit + "^{commit}"], cancellationToken);
        await FileCopy.CopyAsync(await Templates.GetOrAdd(sha, s => new Lazy<Task<string>>(() => FetchAsync(context.Options.Repository, s))).Value, host, cancellationToken);
        await context.Machine.OwnAsync(target, cancellationToken);
        context.Log($"checked out {sha} into {target}");
    }

    /// <summary>One shallow fetch per commit and process; every job's checkout is a copy of it (the same tree a fetch would give).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();

    private static async Task<string> FetchAsync(string repository, string sha)
    {
        var dir = Directory.CreateTempSubdirectory($"workflow-rehearsal-checkout-{sha[..12]}-").FullName;
        await Git(dir, ["init", "-q"], CancellationToken.None);
        await Git(dir, ["fetch", "-q", "--depth=1", "file://" + Path.GetFullPath(repository), sha], CancellationToken.None);
        await Git(dir, ["checkout", "-q", "--detach", "FETCH_HEAD"], CancellationToken.None);
        return dir;
    }

    private static async Task<string> Git(string directory, string[] args, CancellationToken cancellationToken)
    {
        var result = await Cli.Wrap("git").WithArguments(["-C", directory, .. args]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0) throw new RehearsalException($"git {string.Join(' ', args)} in {directory}: {result.StandardError.Trim()}");
        return result.StandardOutput.Trim();
    }
}
