using System.Text.RegularExpressions;

namespace Conformance.NixDriver.Revisions;

/// <summary>
/// Where a line of a repository came from, read with git alone (no evaluation): the commits that
/// added or removed a string (<c>git log -S</c>), the commits that changed a range of lines
/// (<c>git log -L</c>), the first-parent merge that brought a commit into the main line, and the
/// later commits that revert one. What a finding's <c>introducedBy</c> records is checked against
/// these, so the data says how it can be found again.
/// </summary>
public sealed partial class RevisionHistory(GitRepository repository)
{
    public GitRepository Repository { get; } = repository;

    /// <summary>
    /// The commits on <paramref name="tip"/>'s history whose diff changes how often
    /// <paramref name="text"/> occurs (<c>git log -S TEXT --reverse TIP [-- PATH]</c>), oldest first:
    /// the first one added the text.
    /// </summary>
    public async Task<IReadOnlyList<RevisionInfo>> PickaxeAsync(string text, string tip, string? path = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(text)) throw new ArgumentException("git log -S needs a non-empty string", nameof(text));
        var hash = (await Repository.ResolveAsync(tip, cancellationToken)).Hash;
        return await LogAsync($"searching {tip} for changes of \"{text}\"", cancellationToken,
            ["-S" + text, "--reverse", hash], path is null ? [] : [path]);
    }

    /// <summary>
    /// The commits that changed lines <paramref name="start"/>..<paramref name="end"/> of
    /// <paramref name="file"/> as <paramref name="tip"/> has it, following the lines back through
    /// edits (<c>git log -L START,END:FILE TIP</c>), newest first: the first one wrote the lines as
    /// they are now, the last one is where git's line tracking ends (their oldest ancestor).
    /// </summary>
    public async Task<IReadOnlyList<RevisionInfo>> LineLogAsync(string file, int start, int end, string tip, CancellationToken cancellationToken = default)
    {
        if (start < 1 || end < start) throw new ArgumentException($"line range {start},{end} is not a range of 1-based lines", nameof(start));
        var hash = (await Repository.ResolveAsync(tip, cancellationToken)).Hash;
        // -s drops the patches -L would print; -L takes the path inside its own argument, so no "--".
        var output = await Repository.OutputAsync(Repository.Git("log", "--no-show-signature", "-z", "-s", RevisionLog.Format, $"-L{start},{end}:{file}", hash),
            $"following lines {start}-{end} of {file} at {tip}", cancellationToken, revision: tip);
        return RevisionLog.Parse(output);
    }

    /// <summary>
    /// The commit on <paramref name="tip"/>'s first-parent line that brought <paramref name="commit"/>
    /// in: the oldest first-parent commit that has it as an ancestor. That is <paramref name="commit"/>
    /// itself when it was committed on the main line, else the merge of its branch (on clan-core's
    /// forge, <c>Merge pull request '…' (#N)</c>). Null when <paramref name="tip"/> does not contain it.
    /// </summary>
    public async Task<RevisionInfo?> MergeOfAsync(string commit, string tip, CancellationToken cancellationToken = default)
    {
        var c = await Repository.ResolveAsync(commit, cancellationToken);
        var t = await Repository.ResolveAsync(tip, cancellationToken);
        if (c.Hash == t.Hash) return c;
        if (!await Repository.IsAncestorAsync(c.Hash, t.Hash, cancellationToken)) return null;
        // Every descendant of the commit up to tip, then the first-parent line oldest first: the first one in that set.
        var descendants = (await Repository.OutputAsync(Repository.Git("rev-list", "--ancestry-path", $"{c.Hash}..{t.Hash}"), $"listing descendants of {commit}", cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var line = (await Repository.OutputAsync(Repository.Git("rev-list", "--first-parent", "--reverse", $"{c.Hash}..{t.Hash}"), $"listing {tip}'s first-parent line", cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var first = line.FirstOrDefault(descendants.Contains);
        if (first is null) return null;
        var merge = await Repository.ResolveAsync(first, cancellationToken);
        // The main-line commit right after it: the commit itself was on the main line.
        return merge.Parents.Count > 0 && merge.Parents[0] == c.Hash ? c : merge;
    }

    /// <summary>
    /// Commits after <paramref name="since"/> up to <paramref name="tip"/> that revert another commit
    /// (git's <c>This reverts commit HASH.</c> line) and change how often <paramref name="text"/>
    /// occurs (null: any revert), oldest first, each with the commit it reverts.
    /// </summary>
    public async Task<IReadOnlyList<(RevisionInfo Revert, string Reverted)>> RevertsAsync(string since, string tip, string? text, CancellationToken cancellationToken = default)
    {
        var from = (await Repository.ResolveAsync(since, cancellationToken)).Hash;
        var to = (await Repository.ResolveAsync(tip, cancellationToken)).Hash;
        IReadOnlyList<string> selection = ["--grep=This reverts commit", "--reverse", .. text is null ? Array.Empty<string>() : ["-S" + text], $"{from}..{to}"];
        var candidates = await LogAsync($"listing reverts after {since}", cancellationToken, selection, []);
        var reverts = new List<(RevisionInfo, string)>();
        foreach (var candidate in candidates)
        {
            var body = await Repository.OutputAsync(Repository.Git("log", "-1", "--no-show-signature", "--format=%B", candidate.Hash), $"reading {candidate.ShortHash}", cancellationToken);
            if (RevertLine().Match(body) is { Success: true } m) reverts.Add((candidate, m.Groups[1].Value));
        }
        return reverts;
    }

    /// <summary>Whether <paramref name="commit"/>'s own diff touches <paramref name="file"/> (its path then, or now).</summary>
    public async Task<bool> TouchesAsync(string commit, string file, CancellationToken cancellationToken = default)
    {
        var output = await Repository.OutputAsync(Repository.Git("show", "--no-show-signature", "--format=", "--name-only", "--first-parent", commit), $"listing the files of {commit}", cancellationToken, revision: commit);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(file, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<RevisionInfo>> LogAsync(string what, CancellationToken cancellationToken, IReadOnlyList<string> selection, IReadOnlyList<string> paths)
    {
        var output = await Repository.OutputAsync(Repository.Git(["log", "--no-show-signature", "-z", RevisionLog.Format, .. selection, "--", .. paths]), what, cancellationToken);
        return RevisionLog.Parse(output);
    }

    [GeneratedRegex(@"This reverts commit ([0-9a-f]{7,64})")]
    private static partial Regex RevertLine();
}
