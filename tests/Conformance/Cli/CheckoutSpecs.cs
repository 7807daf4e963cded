using CliWrap;
using CliWrap.Buffered;

namespace Conformance.Tests.Cli;

/// <summary>
/// The runner reads known-deviations.json and the pinned lock from its checkout. Run from a
/// directory outside one, with the dll outside one too, it must stop with the fix instead of
/// checking without them (every known deviation would come out as an unlisted failure).
/// </summary>
public sealed class CheckoutSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-outside-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Outside_a_checkout_an_evaluating_verb_stops_and_names_the_fix()
    {
        // The built runner, copied (hard links where the file system allows: the .NET host resolves
        // symbolic links back into the checkout) into a directory with no Conformance.sln above it.
        var bin = Path.Combine(_dir, "bin");
        var copy = await CliWrap.Cli.Wrap("cp").WithArguments(["-al", AppContext.BaseDirectory, bin]).WithValidation(CommandResultValidation.None).ExecuteAsync();
        if (copy.ExitCode != 0) await CliWrap.Cli.Wrap("cp").WithArguments(["-a", AppContext.BaseDirectory, bin]).ExecuteAsync();
        // A missing inputs map is the next check: were the checkout found, this stops too, without Nix.
        var result = await CliWrap.Cli.Wrap("dotnet").WithArguments([Path.Combine(bin, "clan-conformance.dll"), "run", "--cases", "1", "--inputs", Path.Combine(_dir, "missing.json")])
            .WithWorkingDirectory(_dir).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("neither", result.StandardError);
        Assert.Contains("is inside a checkout", result.StandardError);
        Assert.Contains("dotnet run --project src/Runner", result.StandardError);
    }

    [Fact]
    public void A_clan_core_checkout_is_found_from_any_directory_inside_it()
    {
        var clone = ClanCoreLayout(Path.Combine(_dir, "clan-core"));
        var inside = Directory.CreateDirectory(Path.Combine(clone, "lib", "inventory")).FullName;
        Assert.Equal(clone, Runner.Cli.ClanCoreCheckout.Find(inside));
        Assert.Equal(clone, Runner.Cli.ClanCoreCheckout.Find(clone));
    }

    [Fact]
    public void Another_repository_is_no_clan_core_checkout_even_inside_one()
    {
        var clone = ClanCoreLayout(Path.Combine(_dir, "clan-core"));
        var other = Directory.CreateDirectory(Path.Combine(clone, "templates", "my-clan")).FullName;
        File.WriteAllText(Path.Combine(other, ".git"), "gitdir: elsewhere\n"); // a worktree or submodule: a repository of its own
        File.WriteAllText(Path.Combine(other, "flake.nix"), "{ }\n");
        Assert.Null(Runner.Cli.ClanCoreCheckout.Find(other));
        Assert.Null(Runner.Cli.ClanCoreCheckout.Find(_dir));
    }

    [Fact]
    public void Revision_verbs_default_the_clan_core_repository_to_the_checkout_they_run_in()
    {
        var grammar = new Runner.Cli.Grammar { CurrentCheckout = () => "/src/clan-core" };
        Runner.Cli.Command Parse(params string[] args) => grammar.Record(Runner.Cli.CommandLine.Check(grammar, grammar.Root.Parse(args)));
        Assert.Equal("/src/clan-core", Assert.IsType<Runner.Cli.DiffCommand>(Parse("diff", "--base", "main", "--head", "HEAD")).Nix.ClanCoreRepository);
        Assert.Equal("/src/clan-core", Assert.IsType<Runner.Cli.BisectCommand>(Parse("bisect", "--good", "a", "--bad", "b", "case.json")).Nix.ClanCoreRepository);
        Assert.Equal("/src/clan-core", Assert.IsType<Runner.Cli.ScaleCommand>(Parse("scale", "--base", "a", "--head", "b")).Nix.ClanCoreRepository);
        Assert.Equal("/elsewhere", Assert.IsType<Runner.Cli.DiffCommand>(Parse("diff", "--clan-core-repo", "/elsewhere", "--base", "main", "--head", "HEAD")).Nix.ClanCoreRepository);
        // Outside one, the option is needed, and the message says either way.
        var outside = new Runner.Cli.Grammar { CurrentCheckout = () => null };
        var e = Assert.Throws<Runner.Cli.UsageException>(() => outside.Record(Runner.Cli.CommandLine.Check(outside, outside.Root.Parse(["diff", "--base", "a", "--head", "b"]))));
        Assert.Contains("diff needs --clan-core-repo", e.Message);
        Assert.Contains("or run it inside a clan-core checkout", e.Message);
    }

    /// <summary>The directories clan-core's flake is made of, and a .git, under <paramref name="root"/>.</summary>
    private static string ClanCoreLayout(string root)
    {
        foreach (var dir in new[] { ".git", "clanServices", "flakeModules", "lib" }) Directory.CreateDirectory(Path.Combine(root, dir));
        File.WriteAllText(Path.Combine(root, "flake.nix"), "{ description = \"clan.lol base operating system\"; }\n");
        return root;
    }
}
