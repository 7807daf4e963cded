using CliWrap;

namespace Conformance.NixDriver.Revisions;

/// <summary>
/// A local git repository (a bare mirror or a clone with a work tree) read through the <c>git</c>
/// CLI: resolving revisions and listing the history a bisection walks. Nothing here writes into
/// the repository, so a read-only mirror is fine. Open with <see cref="OpenAsync"/>; the value is
/// immutable (<see cref="WithName"/> returns a copy).
/// </summary>
public sealed class GitRepository
{
    private GitRepository(string directory, string gitDirectory, bool isBare, bool isShallow, string name)
    {
        Directory = directory;
        GitDirectory = gitDirectory;
        IsBare = isBare;
        IsShallow = isShallow;
        Name = name;
    }

    /// <summary>The directory as opened (absolute).</summary>
    public string Directory { get; }

    /// <summary>The repository's git directory (absolute): <see cref="Directory"/> itself for a bare mirror, its <c>.git</c> for a clone.</summary>
    public string GitDirectory { get; }

    public bool IsBare { get; }

    /// <summary>A shallow clone lacks the history a bisection needs; errors about missing revisions say so.</summary>
    public bool IsShallow { get; }

    /// <summary>
    /// A file-name-safe name for caches (<see cref="RevisionTrees"/>): the clone's directory name,
    /// a bare repository's without <c>.git</c>, and for the mirror layout <c>OWNER+NAME/repo</c>
    /// (../shared/nix-inputs/prepare) the parent's name, since "repo" names nothing.
    /// </summary>
    public string Name { get; }

    public GitRepository WithName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or ".."
            ? throw new ArgumentException($"'{name}' cannot name a cache directory", nameof(name))
            : new GitRepository(Directory, GitDirectory, IsBare, IsShallow, name);

    /// <summary>
    /// Opens <paramref name="directory"/>, which must itself be a repository: git's discovery is
    /// stopped at its parent (<c>GIT_CEILING_DIRECTORIES</c>), so a plain folder inside some other
    /// clone (this harness's, say) is an error rather than silently that clone.
    /// </summary>
    public static async Task<GitRepository> OpenAsync(string directory, CancellationToken cancellationToken = default)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var fix = $"Pass the directory of a clone with full history, e.g. git clone --mirror https://github.com/clan-lol/clan-core {full}";
        if (!System.IO.Directory.Exists(full))
            throw new RevisionException($"{full} does not exist. {fix}", directory);

        var ceiling = new Dictionary<string, string> { ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(full) ?? full };
        var probe = GitProcess.Create(null, ["-C", full, "rev-parse", "--absolute-git-dir", "--is-bare-repository", "--is-shallow-repository"], ceiling);
        var result = await GitProcess.RunAsync(probe, null, cancellationToken);
        if (result.ExitCode != 0)
        {
            var message = GitProcess.FirstLine(result.StandardError);
            if (message.Contains("dubious ownership", StringComparison.Ordinal))
                throw new RevisionException($"git refuses {full}: it belongs to another user ({message}). Trust it with git config --global --add safe.directory {full}", directory);
            throw new RevisionException($"{full} is not a git repository ({message}). {fix}", directory);
        }
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var gitDirectory = lines[0];
        var isBare = lines.Length > 1 && lines[1] == "true";
        var isShallow = lines.Length > 2 && lines[2] == "true";
        return new GitRepository(full, gitDirectory, isBare, isShallow, DefaultName(full, isBare));
    }

    private static string DefaultName(string directory, bool isBare)
    {
        var name = Path.GetFileName(directory);
        if (isBare && name.EndsWith(".git", StringComparison.Ordinal) && name.Length > 4) name = name[..^4];
        if (name is "repo" or ".git" or "" && Path.GetFileName(Path.GetDirectoryName(directory)) is { Length: > 0 } parent) name = parent;
        return name.Length == 0 ? "repository" : name;
    }

    /// <summary>A git command against this repository, as a value (nothing runs until it is executed).</summary>
    internal Command Git(params string[] arguments) => GitProcess.Create(GitDirectory, arguments);

    internal Command Git(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        GitProcess.Create(GitDirectory, arguments, environment);

    internal Task<string> OutputAsync(Command command, string what, CancellationToken cancellationToken, string? standardInput = null, string? revision = null) =>
        GitProcess.OutputAsync(command, what, standardInput, cancellationToken, Directory, revision);

    /// <summary>
    /// The commit <paramref name="revision"/> names: anything git resolves (full or short hash,
    /// <c>HASH^1</c>, <c>HEAD~3</c>, a branch, a tag — an annotated tag is peeled to its commit).
    /// </summary>
    public async Task<RevisionInfo> ResolveAsync(string revision, CancellationToken cancellationToken = default)
    {
        var hash = await ResolveHashAsync(revision, cancellationToken);
        var output = await OutputAsync(Git("log", "-1", "--no-walk", "-z", RevisionLog.Format, hash), $"reading commit {hash}", cancellationToken, revision: revision);
        return RevisionLog.Parse(output).Single();
    }

    private async Task<string> ResolveHashAsync(string revision, CancellationToken cancellationToken)
    {
        // A leading dash would be read as an option; rev-parse of this git (2.39) has no --end-of-options.
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-') || revision.Any(char.IsControl))
            throw new RevisionException($"'{revision}' is not a revision. Give a commit hash, HASH^1, a branch or a tag.", Directory, revision);
        var result = await GitProcess.RunAsync(Git("rev-parse", "--verify", revision + "^{commit}"), null, cancellationToken);
        if (result.ExitCode == 0) return result.StandardOutput.Trim();
        var message = GitProcess.FirstLine(result.StandardError);
        var hint = message.Contains("ambiguous", StringComparison.Ordinal)
            ? "Give more digits of the hash."
            : IsShallow
                ? $"This clone is shallow; fetch the full history (git -C {Directory} fetch --unshallow)."
                : $"Check it exists there (git -C {Directory} log --oneline --all | grep …) or fetch it first (git -C {Directory} fetch).";
        throw new RevisionException($"unknown revision '{revision}' in {Directory} ({message}). {hint}", Directory, revision);
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors.</summary>
    public async Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken = default)
    {
        var a = await ResolveHashAsync(ancestor, cancellationToken);
        var d = await ResolveHashAsync(descendant, cancellationToken);
        var command = Git("merge-base", "--is-ancestor", a, d);
        var result = await GitProcess.RunAsync(command, null, cancellationToken);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new RevisionException($"{GitProcess.Describe(command)} exited with {result.ExitCode}: {GitProcess.FirstLine(result.StandardError)}", Directory),
        };
    }

    /// <summary>
    /// The commits on <paramref name="bad"/>'s first-parent chain after <paramref name="good"/>,
    /// oldest first, ending with <paramref name="bad"/> (<c>git rev-list --first-parent --reverse
    /// good..bad</c>); empty when they are the same commit. <paramref name="good"/> must be an
    /// ancestor of <paramref name="bad"/>. When it is not on the first-parent chain itself (it came
    /// in through a merged branch), the list starts after the point where the chain meets good's
    /// history — the first element's first parent is then an ancestor of good, not good.
    /// </summary>
    public async Task<IReadOnlyList<RevisionInfo>> FirstParentRangeAsync(string good, string bad, CancellationToken cancellationToken = default)
    {
        var g = await ResolveHashAsync(good, cancellationToken);
        var b = await ResolveHashAsync(bad, cancellationToken);
        if (!await IsAncestorAsync(g, b, cancellationToken))
            throw new RevisionException(
                $"good revision '{good}' ({g[..12]}) is not an ancestor of bad revision '{bad}' ({b[..12]}): bisecting needs good to be older history of bad. Swap them if they are reversed, or pick a good revision on bad's history (git -C {Directory} log --first-parent {b[..12]}).",
                Directory, good);
        return await LogAsync($"listing {good}..{bad}", cancellationToken, "--first-parent", "--reverse", $"{g}..{b}");
    }

    /// <summary>
    /// What merge <paramref name="merge"/> (M) brought in: the commits of its second parent that
    /// its first parent lacked, oldest first along M^2's first-parent chain (<c>git rev-list
    /// --first-parent --reverse M^1..M^2</c>); the last is M^2 itself. Further parents of an
    /// octopus merge are not listed.
    /// </summary>
    public async Task<IReadOnlyList<RevisionInfo>> MergedBranchAsync(string merge, CancellationToken cancellationToken = default)
    {
        var m = await ResolveAsync(merge, cancellationToken);
        if (!m.IsMerge)
            throw new RevisionException($"'{merge}' ({m.Describe()}) is not a merge commit, so it merged no branch to search.", Directory, merge);
        return await LogAsync($"listing the branch merged by {merge}", cancellationToken, "--first-parent", "--reverse", $"{m.Parents[0]}..{m.Parents[1]}");
    }

    /// <summary>Paths whose content differs between two revisions (<c>git diff --name-only</c>, renames as delete + add), sorted.</summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        var a = await ResolveHashAsync(from, cancellationToken);
        var b = await ResolveHashAsync(to, cancellationToken);
        var output = await OutputAsync(Git("diff", "--name-only", "--no-renames", "-z", a, b, "--"), $"diffing {from} and {to}", cancellationToken);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<RevisionInfo>> LogAsync(string what, CancellationToken cancellationToken, params string[] selection)
    {
        // --no-show-signature: a user's log.showSignature would otherwise mix gpg output into the records.
        var output = await OutputAsync(Git(["log", "--no-show-signature", "-z", RevisionLog.Format, .. selection, "--"]), what, cancellationToken);
        return RevisionLog.Parse(output);
    }

    public override string ToString() => Directory;
}
