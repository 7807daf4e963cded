using Conformance.NixDriver.Revisions;

namespace Conformance.Tests.Revisions;

/// <summary>Exporting a revision's tree to the cache: once, atomically, faithfully, with missing blobs left out.</summary>
public sealed class RevisionTreesSpecs(ExampleHistory history) : IClassFixture<ExampleHistory>
{
    [Fact(Timeout = 60_000)]
    public async Task A_tree_lands_under_trees_repository_name_and_full_hash()
    {
        using var cache = new ScratchDirectory();
        var repo = await GitRepository.OpenAsync(history.Repo.Path);
        var tree = await new RevisionTrees().WithCacheRoot(cache.Path).ExportAsync(repo, "v1");
        Assert.Equal(Path.Combine(cache.Path, "trees", repo.Name, history.C2), tree.Directory);
        Assert.Equal(history.C2, tree.Revision.Hash);
        Assert.True(tree.Exported);
        Assert.True(tree.IsComplete);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_default_cache_root_follows_XDG_CACHE_HOME()
    {
        var root = new RevisionTrees().CacheRoot;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var expected = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "clan-conformance")
            : Path.Combine(xdg, "clan-conformance");
        Assert.Equal(expected, root);
        await Task.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task The_files_are_exactly_those_git_lists_with_sizes_modes_and_links()
    {
        using var cache = new ScratchDirectory();
        var repo = await GitRepository.OpenAsync(history.Repo.Path);
        var tree = await new RevisionTrees().WithCacheRoot(cache.Path).ExportAsync(repo, history.M);

        var listed = (await history.Repo.GitAsync("ls-tree", "-r", "-l", "--full-tree", history.M))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (Meta: line[..line.IndexOf('\t')].Split(' ', StringSplitOptions.RemoveEmptyEntries), Path: line[(line.IndexOf('\t') + 1)..]))
            .ToDictionary(e => e.Path, e => (Mode: e.Meta[0], Size: long.Parse(e.Meta[3])));
        var onDisk = Directory.EnumerateFileSystemEntries(tree.Directory, "*", SearchOption.AllDirectories)
            .Where(p => !Directory.Exists(p) || new FileInfo(p).LinkTarget is not null)
            .Select(p => Path.GetRelativePath(tree.Directory, p))
            .Order(StringComparer.Ordinal);
        Assert.Equal(listed.Keys.Order(StringComparer.Ordinal), onDisk);

        foreach (var (path, (mode, size)) in listed)
        {
            var full = Path.Combine(tree.Directory, path);
            var info = new FileInfo(full);
            if (mode == "120000")
            {
                Assert.Equal("a.txt", info.LinkTarget);
                continue;
            }
            Assert.Equal(size, info.Length);
            Assert.Equal(await history.Repo.GitAsync("show", $"{history.M}:{path}"), (await File.ReadAllTextAsync(full)).TrimEnd('\n'));
            if (!OperatingSystem.IsWindows()) Assert.Equal(mode == "100755", File.GetUnixFileMode(full).HasFlag(UnixFileMode.UserExecute));
        }
        Assert.Contains("feature.txt", listed.Keys);
        Assert.Contains("lib/deep/nested.nix", listed.Keys);
    }

    [Fact(Timeout = 60_000)]
    public async Task Exporting_again_returns_the_same_directory_and_rewrites_nothing()
    {
        using var cache = new ScratchDirectory();
        var repo = await GitRepository.OpenAsync(history.Repo.Path);
        var trees = new RevisionTrees().WithCacheRoot(cache.Path);
        var first = await trees.ExportAsync(repo, history.C5);
        var before = Snapshot(first.Directory);
        await Task.Delay(50); // a rewrite would now get a different mtime

        var second = await trees.ExportAsync(repo, "main");
        var third = await trees.ExportAsync(repo, first.Revision);

        Assert.True(first.Exported);
        Assert.False(second.Exported);
        Assert.False(third.Exported);
        Assert.Equal(first.Directory, second.Directory);
        Assert.Equal(first.Directory, third.Directory);
        Assert.Equal(before, Snapshot(second.Directory));
    }

    [Fact(Timeout = 120_000)]
    public async Task Concurrent_exports_of_one_revision_agree_on_one_complete_tree_and_leave_nothing_behind()
    {
        using var cache = new ScratchDirectory();
        var repo = await GitRepository.OpenAsync(history.Repo.Path);
        var trees = new RevisionTrees().WithCacheRoot(cache.Path);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => trees.ExportAsync(repo, history.M))));

        Assert.Single(results.Select(r => r.Directory).Distinct());
        Assert.Contains(results, r => r.Exported);
        var parent = Path.GetDirectoryName(results[0].Directory)!;
        Assert.Equal([history.M, history.M + ".json"], Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("s3\n", File.ReadAllText(Path.Combine(results[0].Directory, "side.txt")));
        Assert.Equal(8, Snapshot(results[0].Directory).Count); // a.txt run.sh link-to-a side.txt feature.txt lib/ lib/deep/ lib/deep/nested.nix
    }

    [Fact(Timeout = 60_000)]
    public async Task A_half_written_export_of_a_dead_process_is_never_used_and_is_cleared_away()
    {
        using var cache = new ScratchDirectory();
        var repo = await GitRepository.OpenAsync(history.Repo.Path);
        var trees = new RevisionTrees().WithCacheRoot(cache.Path);
        var parent = Path.GetDirectoryName(trees.DirectoryFor(repo, history.C3))!;
        // What a process killed mid-export leaves: a hidden sibling named after its (now gone) pid.
        var abandoned = Path.Combine(parent, $".{history.C3}.{int.MaxValue - 1}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, "a.txt"), "half");

        var tree = await trees.ExportAsync(repo, history.C3);

        Assert.True(tree.Exported);
        Assert.Equal("two\n", File.ReadAllText(Path.Combine(tree.Directory, "a.txt")));
        Assert.False(Directory.Exists(abandoned));
    }

    [Fact(Timeout = 60_000)]
    public async Task Blobs_missing_from_a_partial_mirror_are_left_out_and_reported_every_time()
    {
        using var partial = await TempGitRepository.CreateAsync();
        var head = await partial.CommitAsync("with a large file", ("big/data.bin", "pretend this is 4 MiB\n"), ("small.nix", "{ }\n"));
        var blob = await partial.GitAsync("rev-parse", $"{head}:big/data.bin");
        File.Delete(Path.Combine(partial.Path, ".git", "objects", blob[..2], blob[2..])); // what the mirror lacks
        using var cache = new ScratchDirectory();
        var repo = await GitRepository.OpenAsync(partial.Path);
        var trees = new RevisionTrees().WithCacheRoot(cache.Path);

        var first = await trees.ExportAsync(repo, "HEAD");
        var again = await trees.ExportAsync(repo, "HEAD");

        Assert.Equal(["big/data.bin"], first.SkippedPaths);
        Assert.False(first.IsComplete);
        Assert.Equal(["big/data.bin"], again.SkippedPaths);
        Assert.False(again.Exported);
        Assert.True(File.Exists(Path.Combine(first.Directory, "small.nix")));
        Assert.False(File.Exists(Path.Combine(first.Directory, "big", "data.bin")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Exporting_never_writes_into_the_repository()
    {
        using var scratch = new ScratchDirectory();
        var mirrorPath = Path.Combine(scratch.Path, "mirror.git");
        await TempGitRepository.RunGitAsync(scratch.Path, "clone", "--quiet", "--mirror", history.Repo.Path, mirrorPath);
        var before = Snapshot(mirrorPath);
        var repo = await GitRepository.OpenAsync(mirrorPath);
        await new RevisionTrees().WithCacheRoot(Path.Combine(scratch.Path, "cache")).ExportAsync(repo, history.M);
        await repo.MergedBranchAsync(history.M);
        Assert.Equal(before, Snapshot(mirrorPath));
    }

    /// <summary>Every entry under <paramref name="root"/> with its size and mtime (what the store-path cache fingerprints).</summary>
    private static SortedDictionary<string, (long, DateTime)> Snapshot(string root) =>
        new(Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).ToDictionary(
            p => Path.GetRelativePath(root, p),
            p => (File.Exists(p) ? new FileInfo(p).Length : -1, File.GetLastWriteTimeUtc(p))), StringComparer.Ordinal);
}
