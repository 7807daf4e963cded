namespace Conformance.Tests.Revisions;

/// <summary>
/// A small history shaped like clan-core's: commits on main, a three-commit side branch merged
/// with --no-ff under a Forgejo-style subject, tags, an executable, a symlink and nested folders.
/// <code>
///   c1 ─ c2 ─ c3 ─ c4 ───────── M ─ c5      (main; v1 annotated tag on c2, "light" on c3)
///              └─ s1 ─ s2 ─ s3 ┘            (side; s2 adds feature.txt)
/// </code>
/// </summary>
public sealed class ExampleHistory : IAsyncLifetime
{
    private TempGitRepository? _repo;

    public TempGitRepository Repo => _repo ?? throw new InvalidOperationException("not initialised");

    public string C1 { get; private set; } = "";
    public string C2 { get; private set; } = "";
    public string C3 { get; private set; } = "";
    public string C4 { get; private set; } = "";
    public string S1 { get; private set; } = "";
    public string S2 { get; private set; } = "";
    public string S3 { get; private set; } = "";
    public string M { get; private set; } = "";
    public string C5 { get; private set; } = "";

    public const string MergeSubject = "Merge pull request 'Add the feature' (#12) from side into main";

    public async Task InitializeAsync()
    {
        _repo = await TempGitRepository.CreateAsync("clan-conformance-history-");
        var r = _repo;
        C1 = await r.CommitAsync("c1: start", ("a.txt", "one\n"), ("lib/deep/nested.nix", "{ }\n"), ("run.sh", "#!/bin/sh\necho hi\n"));
        await r.GitAsync("update-index", "--chmod=+x", "run.sh");
        File.CreateSymbolicLink(Path.Combine(r.Path, "link-to-a"), "a.txt");
        await r.GitAsync("add", "link-to-a");
        C2 = await r.CommitStagedAsync("c2: executable and link");
        await r.GitAsync("tag", "-a", "v1", "-m", "release one");
        C3 = await r.CommitAsync("c3: two", ("a.txt", "two\n"));
        await r.GitAsync("tag", "light");
        await r.GitAsync("checkout", "--quiet", "-b", "side");
        S1 = await r.CommitAsync("s1: side one", ("side.txt", "s1\n"));
        S2 = await r.CommitAsync("s2: add the feature", ("side.txt", "s2\n"), ("feature.txt", "feature\n"));
        S3 = await r.CommitAsync("s3: side three", ("side.txt", "s3\n"));
        await r.GitAsync("checkout", "--quiet", "main");
        C4 = await r.CommitAsync("c4: three", ("a.txt", "three\n"));
        M = await r.MergeNoFastForwardAsync("side", MergeSubject);
        C5 = await r.CommitAsync("c5: four", ("a.txt", "four\n"));
    }

    public Task DisposeAsync()
    {
        _repo?.Dispose();
        return Task.CompletedTask;
    }
}
