using Conformance.Runner;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Cli;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>
/// Bad input gets one clear line naming the fix and exit code 2 — no stack trace unless
/// --verbose. These fail before any Nix runs, so they need neither Docker nor Nix.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-cli-").FullName;

    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => ProgramRun.RunAsync(args);

    private static void AssertOneClearLine(string stderr, string expected) => ProgramRun.AssertOneClearLine(stderr, expected);

    [Theory]
    [InlineData(new[] { "run", "--cases", "-5" }, "--cases must be at least 1, got -5")]
    [InlineData(new[] { "run", "--cases", "many" }, "--cases needs an integer, got 'many'")]
    [InlineData(new[] { "run", "--focus", "everything" }, "unknown --focus 'everything'. Areas: pkgs-for-system,")]
    [InlineData(new[] { "diff", "--generator", "machines" }, "unknown --generator 'machines'. Generators: clans, services, services-on-machines, all.")]
    [InlineData(new[] { "run", "--nix", "3.0" }, "--nix: no image known for Nix '3.0'. Known: 2.26, 2.34")]
    [InlineData(new[] { "diff", "--base-nix", "nix" }, "--base-nix: no image known for Nix 'nix'. Known: 2.26, 2.34")]
    [InlineData(new[] { "run", "--head-nix", "2.34" }, "--head-nix belongs to 'diff', not 'run'")]
    [InlineData(new[] { "run", "--backend", "vm" }, "unknown --backend 'vm'. Use auto, container or host.")]
    [InlineData(new[] { "run", "--override-input", "clan-core" }, "is not NAME=FLAKEREF")]
    [InlineData(new[] { "run", "--workers" }, "--workers needs a value.")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "replay" }, "replay needs a PATH")]
    [InlineData(new[] { "report", "a", "b" }, "'report' takes one path")]
    [InlineData(new[] { "replay", "x", "--focus", "roles" }, "--focus belongs to 'run', 'diff', 'nightly', not 'replay'")]
    [InlineData(new[] { "run", "--frobnicate" }, "unknown option '--frobnicate' for 'run'")]
    [InlineData(new[] { "run", "--shrink-budget", "soon" }, "--shrink-budget needs a duration like 300, 90s, 5m or 1h, got 'soon'")]
    [InlineData(new[] { "diff", "--base", "a", "--head", "b" }, "diff needs --clan-core-repo")]
    [InlineData(new[] { "diff", "--clan-core-repo", "r", "--head", "b" }, "diff needs --base")]
    [InlineData(new[] { "bisect", "--clan-core-repo", "r", "--good", "a", "--bad", "b" }, "bisect needs a PATH")]
    [InlineData(new[] { "run", "--clan-core-rev", "main" }, "--clan-core-rev needs --clan-core-repo DIR")]
    [InlineData(new[] { "run", "some/dir" }, "'run' takes no path argument")]
    [InlineData(new[] { "scale", "--sizes", "1,x" }, "--sizes needs two or more machine counts like 1,5,20,50,100, got '1,x'")]
    [InlineData(new[] { "scale", "--clan-core-repo", "r", "--base", "a" }, "scale compares two revisions only with both --base REV and --head REV")]
    [InlineData(new[] { "run", "--cost", "-1" }, "--cost must be zero or more, got -1")]
    [InlineData(new[] { "coverage", "--clan-core-repo", "r", "--head", "b" }, "coverage compares two revisions only with both --base REV and --head REV")]
    [InlineData(new[] { "coverage", "--base", "a", "--head", "b" }, "coverage --base/--head needs --clan-core-repo")]
    [InlineData(new[] { "coverage", "--cases", "3" }, "--cases belongs to")]
    public async Task Bad_command_lines_exit_2_with_one_line_naming_the_fix(string[] args, string expected)
    {
        var (exit, _, stderr) = await RunAsync(args);
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, expected);
    }

    [Fact]
    public void Cost_marks_the_first_N_cases_and_scale_takes_its_sizes_in_order()
    {
        var run = Assert.IsType<Runner.Cli.RunCommand>(Runner.Cli.CommandLine.Parse(["run", "--cases", "5", "--cost", "2", "--seed", "3", "--generator", "clans"]));
        Assert.Equal([true, true, false, false, false], run.Campaign.SelectCases().Select(c => c.ObserveCost));
        // Without a focus an index is a clan and its services case: --cost counts indices, like --cases.
        var all = Assert.IsType<Runner.Cli.RunCommand>(Runner.Cli.CommandLine.Parse(["run", "--cases", "5", "--cost", "2", "--seed", "3"]));
        Assert.Equal([true, true, true, true, false, false, false, false, false, false], all.Campaign.SelectCases().Select(c => c.ObserveCost));
        // A shard observes the cost of the cases the whole campaign would.
        var shard = Assert.IsType<Runner.Cli.RunCommand>(Runner.Cli.CommandLine.Parse(["run", "--cases", "5", "--cost", "2", "--seed", "3", "--shard", "2/2"]));
        Assert.Equal(all.Campaign.SelectCases().Where(c => c.ObserveCost).Select(c => c.Id).Intersect(shard.Campaign.SelectCases().Select(c => c.Id)),
            shard.Campaign.SelectCases().Where(c => c.ObserveCost).Select(c => c.Id));
        Assert.Contains(shard.Campaign.SelectCases(), c => c.ObserveCost);
        var scale = Assert.IsType<Runner.Cli.ScaleCommand>(Runner.Cli.CommandLine.Parse(["scale", "--sizes", "20,1,5"]));
        Assert.Equal([1, 5, 20], scale.Sizes);
    }

    [Theory]
    [InlineData(new string[0], Generators.CaseKind.All)]
    [InlineData(new[] { "--focus", "roles" }, Generators.CaseKind.Clan)]
    [InlineData(new[] { "--generator", "all" }, Generators.CaseKind.All)]
    [InlineData(new[] { "--focus", "services" }, Generators.CaseKind.Services)]
    [InlineData(new[] { "--focus", "roles", "--generator", "services-on-machines" }, Generators.CaseKind.ServicesOnMachines)]
    [InlineData(new[] { "--focus", "services", "--generator", "clans" }, Generators.CaseKind.Clan)]
    public void The_generator_follows_the_focus_unless_named(string[] options, Generators.CaseKind expected)
    {
        var command = Assert.IsType<Runner.Cli.RunCommand>(Runner.Cli.CommandLine.Parse(["run", .. options]));
        Assert.Equal(expected, command.Campaign.CaseKind);
    }

    [Fact]
    public void Diff_takes_a_Nix_per_side_by_version()
    {
        var command = Assert.IsType<Runner.Cli.DiffCommand>(Runner.Cli.CommandLine.Parse(
            ["diff", "--clan-core-repo", "r", "--base", "a", "--head", "a", "--base-nix", "2.26", "--head-nix", "2.34.8"]));
        Assert.Equal("clan-conformance-nix:latest", command.BaseImage);
        Assert.Equal("clan-conformance-nix:2.34", command.HeadImage);
        Assert.Null(command.Nix.Image);
        var run = Assert.IsType<Runner.Cli.RunCommand>(Runner.Cli.CommandLine.Parse(["run", "--nix", "2.34"]));
        Assert.Equal("clan-conformance-nix:2.34", run.Nix.Image);
    }

    [Fact]
    public async Task A_missing_inputs_map_names_the_command_that_creates_it()
    {
        var (exit, _, stderr) = await RunAsync("run", "--cases", "1", "--inputs", Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, "does not exist. Create it with ../shared/nix-inputs/prepare");
    }

    [Fact]
    public async Task A_corrupt_inputs_map_is_rejected_with_the_fix()
    {
        var map = Path.Combine(_dir, "inputs.json");
        File.WriteAllText(map, "{ \"nixpkgs\": ");
        var (exit, _, stderr) = await RunAsync("run", "--cases", "1", "--inputs", map);
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, "is not a JSON object of input path → directory");
    }

    [Fact]
    public async Task An_inputs_map_pointing_at_a_directory_that_is_not_a_flake_is_rejected()
    {
        var map = Path.Combine(_dir, "inputs.json");
        File.WriteAllText(map, $"{{ \"nixpkgs\": \"{_dir}\" }}");
        var (exit, _, stderr) = await RunAsync("replay", Path.Combine(RepoPaths.Root, "tests", "Conformance", "regressions"), "--inputs", map);
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, "which is not a flake (no flake.nix)");
    }

    [Fact]
    public async Task A_truncated_replay_file_is_rejected_with_where_to_recover_it()
    {
        var file = Path.Combine(_dir, "case.json");
        File.WriteAllText(file, "{ \"id\": \"c0001\", \"machines\": [ { \"name\": ");
        var (exit, _, stderr) = await RunAsync("replay", file);
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, "It may be truncated; restore it from the failure's original-case.json");
    }

    [Fact]
    public async Task A_replay_file_with_an_invalid_case_says_what_is_invalid()
    {
        var file = Path.Combine(_dir, "case.json");
        File.WriteAllText(file, "{ \"id\": \"c0001\", \"machines\": [ { \"name\": \"m\", \"imports\": [ \"nope\" ] } ] }");
        var (exit, _, stderr) = await RunAsync("replay", file);
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, "imports unknown module 'nope'");
    }

    [Fact]
    public async Task Report_on_a_directory_that_is_not_a_saved_failure_says_what_to_pass()
    {
        var (exit, _, stderr) = await RunAsync("report", _dir);
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, "is not a saved failure (meta.json is missing)");
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        var (exit, _, stderr) = await RunAsync("report", _dir, "--verbose");
        Assert.Equal(2, exit);
        Assert.Contains("   at ", stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_the_commands_on_one_screen_and_no_option(string flag)
    {
        var (exit, stdout, _) = await RunAsync(flag);
        Assert.Equal(0, exit);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length <= 24, $"--help takes {lines.Length} lines, more than a 24-line screen:\n{stdout}");
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80 columns: {l}"));
        foreach (var verb in new Runner.Cli.Grammar().All)
            Assert.Single(lines, l => l.StartsWith($"  {verb.Name} ", StringComparison.Ordinal));
        Assert.DoesNotContain("--cases", stdout);
        Assert.Contains("<command> --help", stdout);
        Assert.Contains("exit codes", stdout);
    }

    public static TheoryData<string> Verbs => [.. new Runner.Cli.Grammar().All.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_commands_help_gives_its_options_and_only_its_own(string verb)
    {
        var grammar = new Runner.Cli.Grammar();
        var command = grammar.All.Single(v => v.Name == verb);
        var (exit, stdout, _) = await RunAsync(verb, "--help");
        Assert.Equal(0, exit);
        Assert.StartsWith($"usage: clan-conformance {verb} [options]", stdout);
        var mine = command.Options.Where(o => !o.Hidden).Select(o => o.Name).ToHashSet();
        foreach (var option in mine) Assert.Matches($@"(?m)^  {System.Text.RegularExpressions.Regex.Escape(option)}( |$)", stdout);
        foreach (var other in grammar.All.SelectMany(v => v.Options).Select(o => o.Name).Where(n => !mine.Contains(n)).Distinct())
            Assert.DoesNotMatch($@"(?m)^  {System.Text.RegularExpressions.Regex.Escape(other)}( |$)", stdout);
        Assert.All(stdout.TrimEnd('\n').Split('\n'), l => Assert.True(l.Length <= 80 || !l.Contains(' '), $"wider than 80 columns: {l}"));
        Assert.Equal(stdout, (await RunAsync("help", verb)).Stdout);
    }

    [Fact]
    public async Task Help_for_an_unknown_command_exits_2_naming_the_commands()
    {
        var (exit, _, stderr) = await RunAsync("frobnicate", "--help");
        Assert.Equal(2, exit);
        AssertOneClearLine(stderr, "unknown command 'frobnicate'. Commands: run, diff,");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
