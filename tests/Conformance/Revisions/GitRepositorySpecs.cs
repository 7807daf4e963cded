using Conformance.NixDriver.Revisions;

namespace Conformance.Tests.Revisions;

/// <summary>Resolving revisions and listing history in a real (temporary) git repository.</summary>
public sealed class GitRepositorySpecs(ExampleHistory history) : IClassFixture<ExampleHistory>
{
    private Task<GitRepository> OpenAsync() => GitRepository.OpenAsync(history.Repo.Path);

    [Fact(Timeout = 60_000)]
    public async Task A_clone_with_a_work_tree_opens_and_is_named_after_its_directory()
    {
        var repo = await OpenAsync();
        Assert.False(repo.IsBare);
        Assert.False(repo.IsShallow);
        Assert.Equal(Path.Combine(history.Repo.Path, ".git"), repo.GitDirectory);
        Assert.Equal(Path.GetFileName(history.Repo.Path), repo.Name);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bare_mirror_opens_and_its_name_drops_dot_git_or_uses_the_owner_plus_name_folder()
    {
        using var scratch = new ScratchDirectory();
        await TempGitRepository.RunGitAsync(scratch.Path, "clone", "--quiet", "--mirror", history.Repo.Path, "clan-core.git");
        Directory.CreateDirectory(Path.Combine(scratch.Path, "clan-lol+clan-core"));
        await TempGitRepository.RunGitAsync(scratch.Path, "clone", "--quiet", "--mirror", history.Repo.Path, Path.Combine("clan-lol+clan-core", "repo"));

        var dotGit = await GitRepository.OpenAsync(Path.Combine(scratch.Path, "clan-core.git"));
        var mirror = await GitRepository.OpenAsync(Path.Combine(scratch.Path, "clan-lol+clan-core", "repo"));

        Assert.True(dotGit.IsBare);
        Assert.Equal("clan-core", dotGit.Name);
        Assert.Equal("clan-lol+clan-core", mirror.Name);
        Assert.Equal(history.M, (await mirror.ResolveAsync("main~1")).Hash);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("full")]
    [InlineData("short")]
    [InlineData("main")]
    [InlineData("HEAD^1")]
    [InlineData("main~1^1")]
    public async Task Any_revision_git_understands_resolves_to_the_commit_it_names(string form)
    {
        var repo = await OpenAsync();
        var (revision, expected) = form switch
        {
            "full" => (history.C3, history.C3),
            "short" => (history.C3[..7], history.C3),
            "main" => ("main", history.C5),
            "HEAD^1" => ("HEAD^1", history.M),
            _ => ("main~1^1", history.C4),
        };
        Assert.Equal(expected, (await repo.ResolveAsync(revision)).Hash);
    }

    [Fact(Timeout = 60_000)]
    public async Task Tags_resolve_to_their_commit_whether_annotated_or_lightweight()
    {
        var repo = await OpenAsync();
        Assert.Equal(history.C2, (await repo.ResolveAsync("v1")).Hash);
        Assert.Equal(history.C3, (await repo.ResolveAsync("light")).Hash);
        Assert.Equal(history.S3, (await repo.ResolveAsync("side")).Hash);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_resolved_revision_carries_hashes_dates_subject_and_parents()
    {
        var repo = await OpenAsync();
        var c3 = await repo.ResolveAsync(history.C3);
        Assert.Equal(history.C3[..c3.ShortHash.Length], c3.ShortHash);
        Assert.InRange(c3.ShortHash.Length, 7, 12);
        Assert.Equal("c3: two", c3.Subject);
        Assert.Equal(TempGitRepository.Date(3), c3.AuthorDate);
        Assert.Equal(TempGitRepository.Date(3), c3.CommitDate);
        Assert.Equal([history.C2], c3.Parents);
        Assert.False(c3.IsMerge);

        var merge = await repo.ResolveAsync(history.M);
        Assert.True(merge.IsMerge);
        Assert.Equal([history.C4, history.S3], merge.Parents);
        Assert.Equal(ExampleHistory.MergeSubject, merge.Subject);
    }

    [Fact(Timeout = 60_000)]
    public async Task Describe_gives_short_hash_date_and_subject_without_the_forgejo_branch_tail()
    {
        var repo = await OpenAsync();
        var merge = await repo.ResolveAsync(history.M);
        Assert.Equal($"{merge.ShortHash} (2026-01-09) Merge pull request 'Add the feature' (#12)", merge.Describe());
        var cut = (merge with { Subject = new string('x', 100) }).Describe(20);
        Assert.EndsWith(" " + new string('x', 19) + "…", cut);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_revision_is_a_one_line_error_that_names_it()
    {
        var repo = await OpenAsync();
        var e = await Assert.ThrowsAsync<RevisionException>(() => repo.ResolveAsync("no-such-branch"));
        Assert.Contains("'no-such-branch'", e.Message);
        Assert.Contains("fetch", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal("no-such-branch", e.Revision);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("--all")]
    [InlineData("")]
    [InlineData("main..side")]
    [InlineData("deadbeefdeadbeef")]
    public async Task Options_ranges_and_missing_hashes_are_not_revisions(string revision)
    {
        var repo = await OpenAsync();
        var e = await Assert.ThrowsAsync<RevisionException>(() => repo.ResolveAsync(revision));
        Assert.Contains($"'{revision}'", e.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_directory_that_is_not_a_repository_is_an_error_that_says_how_to_get_one()
    {
        using var scratch = new ScratchDirectory();
        var e = await Assert.ThrowsAsync<RevisionException>(() => GitRepository.OpenAsync(scratch.Path));
        Assert.Contains("is not a git repository", e.Message);
        Assert.Contains("git clone", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_directory_is_an_error_that_says_how_to_get_one()
    {
        var e = await Assert.ThrowsAsync<RevisionException>(() => GitRepository.OpenAsync("/nonexistent/clan-core"));
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("git clone", e.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_plain_folder_inside_a_clone_is_not_taken_for_that_clone()
    {
        var e = await Assert.ThrowsAsync<RevisionException>(() => GitRepository.OpenAsync(Path.Combine(history.Repo.Path, "lib")));
        Assert.Contains("is not a git repository", e.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_first_parent_range_lists_main_oldest_first_with_the_merge_but_not_its_branch()
    {
        var repo = await OpenAsync();
        var range = await repo.FirstParentRangeAsync(history.C1, "main");
        Assert.Equal([history.C2, history.C3, history.C4, history.M, history.C5], range.Select(r => r.Hash));
        Assert.Equal("c2: executable and link", range[0].Subject);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_first_parent_range_of_a_commit_and_itself_is_empty()
    {
        var repo = await OpenAsync();
        Assert.Empty(await repo.FirstParentRangeAsync("v1", history.C2));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_good_revision_that_is_not_an_ancestor_of_bad_is_an_error()
    {
        var repo = await OpenAsync();
        var reversed = await Assert.ThrowsAsync<RevisionException>(() => repo.FirstParentRangeAsync("main", history.C1));
        Assert.Contains("is not an ancestor", reversed.Message);
        Assert.Contains("Swap", reversed.Message);
        await Assert.ThrowsAsync<RevisionException>(() => repo.FirstParentRangeAsync(history.C4, "side"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Ancestry_follows_both_parents_of_a_merge()
    {
        var repo = await OpenAsync();
        Assert.True(await repo.IsAncestorAsync(history.S2, "main"));
        Assert.True(await repo.IsAncestorAsync(history.C4, history.C4));
        Assert.False(await repo.IsAncestorAsync(history.C4, "side"));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_merged_branch_is_what_the_second_parent_brought_in_oldest_first()
    {
        var repo = await OpenAsync();
        var branch = await repo.MergedBranchAsync("main~1");
        Assert.Equal([history.S1, history.S2, history.S3], branch.Select(r => r.Hash));
    }

    [Fact(Timeout = 60_000)]
    public async Task Asking_for_the_merged_branch_of_an_ordinary_commit_is_an_error()
    {
        var repo = await OpenAsync();
        var e = await Assert.ThrowsAsync<RevisionException>(() => repo.MergedBranchAsync(history.C4));
        Assert.Contains("is not a merge commit", e.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Changed_paths_are_the_files_whose_content_differs()
    {
        var repo = await OpenAsync();
        Assert.Equal(["a.txt", "feature.txt", "side.txt"], await repo.ChangedPathsAsync(history.C3, history.M));
        Assert.Empty(await repo.ChangedPathsAsync(history.C3, history.C3));
    }
}
