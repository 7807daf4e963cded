using CliWrap;
using CliWrap.Buffered;

namespace Conformance.Tests.Revisions;

/// <summary>
/// A throw-away git repository for specs: isolated from the user's and the system's git config,
/// with a fixed identity and one day between commits, so hashes and dates are reproducible.
/// </summary>
public sealed class TempGitRepository : IDisposable
{
    private int _commits;

    private TempGitRepository(string path) => Path = path;

    public string Path { get; }

    public static async Task<TempGitRepository> CreateAsync(string prefix = "clan-conformance-git-")
    {
        var repo = new TempGitRepository(Directory.CreateTempSubdirectory(prefix).FullName);
        await repo.GitAsync("init", "--quiet", "--initial-branch=main");
        return repo;
    }

    /// <summary>git in the repository (or in <paramref name="workingDirectory"/>); throws with git's stderr when it fails.</summary>
    public Task<string> GitAsync(params string[] arguments) => RunGitAsync(Path, arguments);

    public static async Task<string> RunGitAsync(string workingDirectory, params string[] arguments)
    {
        var result = await CliWrap.Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(e => e
                .Set("GIT_CONFIG_GLOBAL", "/dev/null")
                .Set("GIT_CONFIG_NOSYSTEM", "1")
                .Set("GIT_AUTHOR_NAME", "Spec Author").Set("GIT_AUTHOR_EMAIL", "author@example.invalid")
                .Set("GIT_COMMITTER_NAME", "Spec Committer").Set("GIT_COMMITTER_EMAIL", "committer@example.invalid"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {result.StandardError}");
        return result.StandardOutput.Trim();
    }

    /// <summary>Writes <paramref name="files"/> (null content deletes), commits them with the next day's date, returns the full hash.</summary>
    public async Task<string> CommitAsync(string message, params (string Path, string? Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            if (content is null) { File.Delete(full); continue; }
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }
        await GitAsync("add", "--all");
        return await CommitStagedAsync(message);
    }

    /// <summary>Commits what is staged (or a merge in progress), dated the next day.</summary>
    public async Task<string> CommitStagedAsync(string message, params string[] extra)
    {
        var date = Date(++_commits);
        await RunWithDateAsync(date, ["commit", "--quiet", "--allow-empty", "-m", message, .. extra]);
        return await GitAsync("rev-parse", "HEAD");
    }

    /// <summary><c>git merge --no-ff BRANCH -m MESSAGE</c>, dated the next day; returns the merge's hash.</summary>
    public async Task<string> MergeNoFastForwardAsync(string branch, string message)
    {
        await RunWithDateAsync(Date(++_commits), ["merge", "--quiet", "--no-ff", "--no-edit", "-m", message, branch]);
        return await GitAsync("rev-parse", "HEAD");
    }

    public static DateTimeOffset Date(int day) => new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).AddDays(day);

    private async Task RunWithDateAsync(DateTimeOffset date, string[] arguments)
    {
        var iso = date.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var result = await CliWrap.Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(Path)
            .WithEnvironmentVariables(e => e
                .Set("GIT_CONFIG_GLOBAL", "/dev/null")
                .Set("GIT_CONFIG_NOSYSTEM", "1")
                .Set("GIT_AUTHOR_NAME", "Spec Author").Set("GIT_AUTHOR_EMAIL", "author@example.invalid")
                .Set("GIT_COMMITTER_NAME", "Spec Committer").Set("GIT_COMMITTER_EMAIL", "committer@example.invalid")
                .Set("GIT_AUTHOR_DATE", iso).Set("GIT_COMMITTER_DATE", iso))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {result.StandardError}{result.StandardOutput}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a leftover temp directory is harmless */ }
    }
}
