using CliWrap;
using CliWrap.Buffered;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.History;

namespace Conformance.Tests.History;

/// <summary>
/// The git queries behind <c>history</c>, on a small repository made here (no clone, no Nix): a
/// string added on a branch merged by a forge-style pull-request merge, then reverted on the main
/// line. The introducing commit is found by <c>log -S</c>, its pull request from the merge, the
/// revert by its <c>This reverts commit</c> line.
/// </summary>
public sealed class RevisionHistorySpecs : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-history-").FullName;
    private string _base = "", _feature = "", _merge = "", _revert = "";

    private async Task<string> Git(params string[] arguments)
    {
        var result = await CliWrap.Cli.Wrap("git").WithArguments(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", .. arguments])
            .WithWorkingDirectory(_dir).WithEnvironmentVariables(new Dictionary<string, string?> { ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(_dir) })
            .ExecuteBufferedAsync();
        return result.StandardOutput.Trim();
    }

    private async Task<string> Commit(string file, string content, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, file), content);
        await Git("add", file);
        await Git("commit", "-q", "-m", message);
        return await Git("rev-parse", "HEAD");
    }

    public async Task InitializeAsync()
    {
        await Git("init", "-q");
        _base = await Commit("module.nix", "{\n  a = 1;\n}\n", "init module");
        await Git("checkout", "-q", "-b", "feature");
        _feature = await Commit("module.nix", "{\n  a = 1;\n  pkgs = pkgsFor.x;\n}\n", "module: use pkgsFor");
        await Git("checkout", "-q", "main");
        await Git("merge", "-q", "--no-ff", "-m", "Merge pull request 'module: use pkgsFor' (#12) from feature into main", "feature");
        _merge = await Git("rev-parse", "HEAD");
        await Git("revert", "--no-edit", _feature);
        _revert = await Git("rev-parse", "HEAD");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_introducing_commit_its_pull_request_and_its_revert_are_found()
    {
        var history = new RevisionHistory(await GitRepository.OpenAsync(_dir));
        Assert.Equal(_feature, (await history.PickaxeAsync("pkgsFor", "HEAD"))[0].Hash);
        var merge = await history.MergeOfAsync(_feature, "HEAD");
        Assert.Equal(_merge, merge!.Hash);
        Assert.Equal(12, CommitRecord.PullRequestOf(merge.Subject));
        // A commit made on the main line is its own.
        Assert.Equal(_base, (await history.MergeOfAsync(_base, "HEAD"))!.Hash);
        var reverts = await history.RevertsAsync(_feature, "HEAD", "pkgsFor");
        Assert.Equal(_revert, Assert.Single(reverts).Revert.Hash);
        Assert.Equal(_feature, reverts[0].Reverted);
        // The line history of the lines as the merge has them holds the commit that wrote them.
        Assert.Contains(await history.LineLogAsync("module.nix", 3, 3, _merge), r => r.Hash == _feature);
    }

    [Fact]
    public async Task A_recorded_introduction_is_found_again_and_a_wrong_one_is_named()
    {
        var finder = new HistoryFinder(new RevisionHistory(await GitRepository.OpenAsync(_dir)));
        var recorded = new IntroducingCommit(new CommitRecord(_feature, "2026-01-01", 12, "module: use pkgsFor"), IntroductionMethod.LogS, "pkgsFor");
        var found = await finder.TraceAsync(recorded, "HEAD", default);
        Assert.Equal(_feature, found.Introduced!.Commit.Commit);
        Assert.Equal(12, found.Introduced.Commit.Pr);
        Assert.Equal(_revert, Assert.Single(found.Reverts).Revert.Commit);
        // The date a file records is the commit date; here it differs from today's commit, so the difference is named.
        Assert.Contains(HistoryFinder.Differences(recorded, [], found), d => d.StartsWith("introducedBy: recorded", StringComparison.Ordinal));
        var exact = recorded with { Commit = found.Introduced.Commit };
        Assert.Empty(HistoryFinder.Differences(exact, [found.Reverts[0].Revert], found));
        // A recorded revert the search does not find is named.
        Assert.Contains(HistoryFinder.Differences(exact, [new CommitRecord(_base, "2026-01-01", null, "init module")], found), d => d.StartsWith("reverts:", StringComparison.Ordinal));
        // A string nobody added finds nothing.
        Assert.Null((await finder.TraceAsync(recorded with { Query = "nowhere" }, "HEAD", default)).Introduced);
    }
}
