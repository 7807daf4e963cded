using System.Collections.Concurrent;
using Conformance.NixDriver.Revisions;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Hosting;

/// <summary>
/// clan-core at any revision of a local clone: resolves revisions, writes each revision's tree
/// to the cache once (<see cref="RevisionTrees"/>), and turns it into an evaluation target whose
/// clan-core input is that tree (added to the Nix store once). Every summary and report then names
/// the commit.
/// </summary>
internal sealed class ClanCoreRevisions
{
    private readonly ConcurrentDictionary<string, Task<GitRepository>> _repositories = new();
    private readonly RevisionTrees _trees = new();

    /// <summary>The directory under which revision trees are written; a container backend mounts it.</summary>
    public string TreesRoot => Path.Combine(_trees.CacheRoot, "trees");

    public async Task<GitRepository> OpenAsync(string directory, CancellationToken cancellationToken)
    {
        try
        {
            return await _repositories.GetOrAdd(Path.GetFullPath(directory), d => GitRepository.OpenAsync(d, cancellationToken));
        }
        catch (RevisionException e)
        {
            _repositories.TryRemove(Path.GetFullPath(directory), out _);
            throw new UsageException("--clan-core-repo: " + e.Message);
        }
    }

    public async Task<RevisionInfo> ResolveAsync(GitRepository repository, string revision, CancellationToken cancellationToken)
    {
        try
        {
            return await repository.ResolveAsync(revision, cancellationToken);
        }
        catch (RevisionException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The target for clan-core at <paramref name="revision"/>: its tree as the session's clan-core input.</summary>
    public async Task<EvaluationTarget> TargetAsync(NixSession session, GitRepository repository, RevisionInfo revision, string? lockFile,
        CancellationToken cancellationToken)
    {
        var tree = await _trees.ExportAsync(repository, revision, cancellationToken);
        var evaluator = await session.EvaluatorWithAsync("clan-core", tree.Directory, cancellationToken);
        EvaluatedVersions versions;
        try
        {
            versions = await VersionProbe.ReadAsync(session, lockFile, cancellationToken, evaluator);
        }
        catch (NixDriver.Evaluation.NixEvaluationException e)
        {
            // Not even the flake's metadata evaluates: a flake input the inputs map lacks (clan-core
            // before 2026-01-13 had nixos-facter-modules), or a revision broken at its flake level.
            throw new RevisionNotEvaluableException(revision,
                $"clan-core {revision.Describe()} cannot be evaluated here: {e.Error.Headline}. " +
                (e.Error.Kind == Model.Errors.ErrorKind.FetchFailed
                    ? "It needs a flake input that is neither in the inputs map nor reachable offline: add it to the inputs map (../shared/nix-inputs/prepare) or run with network."
                    : "Its flake does not evaluate."));
        }
        var record = Commits.Of(revision);
        return new EvaluationTarget(evaluator, $"clan-core {revision.ShortHash} ({revision.CommitDate:yyyy-MM-dd})",
            versions with { ClanCore = $"clan-lol/clan-core {record}", ClanCoreRevision = record });
    }

    /// <summary>The directory holding clan-core's files at <paramref name="revision"/> (written once to the cache).</summary>
    public async Task<string> TreeDirectoryAsync(GitRepository repository, RevisionInfo revision, CancellationToken cancellationToken) =>
        (await _trees.ExportAsync(repository, revision, cancellationToken)).Directory;

    /// <summary>Makes sure the trees directory exists, so a container started now can mount it.</summary>
    public string EnsureTreesRoot()
    {
        Directory.CreateDirectory(TreesRoot);
        return TreesRoot;
    }
}

/// <summary>
/// A clan-core revision that cannot be evaluated at all for reasons outside the observed semantics
/// (a missing flake input, a flake that does not evaluate). <c>bisect</c> skips such revisions;
/// other commands stop with exit code 2 and this message.
/// </summary>
internal sealed class RevisionNotEvaluableException(RevisionInfo revision, string message) : Exception(message)
{
    public RevisionInfo Revision { get; } = revision;
}
