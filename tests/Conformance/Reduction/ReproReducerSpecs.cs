using System.Text.Json.Nodes;
using Conformance.NixDriver.Reducing;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Rendering.Reduction;

namespace Conformance.Tests.Reduction;

/// <summary>The reducer's search, its edits and its premises, with a fake oracle (no Nix).</summary>
public sealed class ReproReducerSpecs
{
    private static ReproProgram Program(params (string Path, string Text)[] files) =>
        ReproProgram.Parse(new RenderedTree(files.ToDictionary(f => f.Path, f => f.Text)));

    /// <summary>Keeps a candidate when its printed files satisfy a predicate; after <paramref name="answers"/> batches it never answers again (a slow Nix).</summary>
    private sealed class FakeOracle(Func<string, bool> keeps, int answers = int.MaxValue) : IReproOracle
    {
        public int Asked { get; private set; }

        public async Task<IReadOnlyList<bool>> KeepsAsync(IReadOnlyList<ReproProgram> candidates, CancellationToken cancellationToken)
        {
            if (answers-- <= 0) await Task.Delay(Timeout.Infinite, cancellationToken);
            Asked += candidates.Count;
            return candidates.Select(c => keeps(c.Listing())).ToList();
        }
    }

    private const string Flake = """
        {
          inputs.clan-core.url = "github:clan-lol/clan-core";
          outputs = { self, clan-core, ... }: let
            helper = x: x;
            clan = clan-core.lib.clan {
              inherit self;
              meta.name = "test";
              inventory.machines = { jon = { }; sara = { tags = [ "a" "b" ]; }; };
              machines.jon = { lib, ... }: { imports = [ ./modules/m.nix ]; networking.hostName = lib.mkForce "jon"; };
            };
          in { clan = clan.config; nixosConfigurations = clan.config.nixosConfigurations; };
        }
        """;

    [Fact]
    public async Task Reduces_to_what_the_oracle_needs_and_no_single_edit_of_the_result_keeps_it()
    {
        var start = Program(("flake.nix", Flake), ("modules/m.nix", "{ x = 1; }"), ("inventory.json", "{}"));
        // "Nix" here: the output depends on jon's hostName and on the machine sara existing.
        static bool Keeps(string listing) => listing.Contains("networking.hostName = \"jon\"") && listing.Contains("sara");
        var oracle = new FakeOracle(Keeps);
        var result = await new ReproReducer(oracle, ReproPremises.None, TimeSpan.FromMinutes(1)).ReduceAsync(start, default);
        Assert.True(result.Minimal);
        var printed = result.Program.Print();
        Assert.Equal(["flake.nix"], printed.Files.Keys);
        Assert.True(Keeps(result.Program.Listing()), result.Program.Listing());
        Assert.DoesNotContain("mkForce", printed.Files["flake.nix"]);
        Assert.DoesNotContain("helper", printed.Files["flake.nix"]);
        Assert.DoesNotContain("tags", printed.Files["flake.nix"]);
        // 1-minimal: every single edit of the result loses what the oracle needs.
        foreach (var edit in ReproEdits.Enumerate(result.Program))
            Assert.False(Keeps(ReproEdits.Apply(result.Program, [edit]).Listing()), $"{edit} keeps it:\n{ReproEdits.Apply(result.Program, [edit]).Listing()}");
        // The inputs block is never touched.
        Assert.Contains("inputs.clan-core.url = \"github:clan-lol/clan-core\";", printed.Files["flake.nix"]);
    }

    [Fact]
    public async Task A_file_reached_only_through_its_path_goes_with_the_last_reference()
    {
        var start = Program(("flake.nix", Flake), ("modules/m.nix", "{ x = 1; }"));
        var result = await new ReproReducer(new FakeOracle(l => l.Contains("sara")), ReproPremises.None, TimeSpan.FromMinutes(1)).ReduceAsync(start, default);
        Assert.DoesNotContain("modules/m.nix", result.Program.Print().Files.Keys);
        Assert.DoesNotContain("./modules/m.nix", result.Program.Listing());
    }

    [Fact]
    public async Task Premises_of_the_expectation_are_never_removed()
    {
        var start = Program(("flake.nix", Flake));
        // The output is the same for every candidate (what a behaviour like "prints {}" looks like to the oracle).
        var premises = ReproPremises.Of(start, JsonNode.Parse("""["jon"]"""), "`inventory.machines` and the `tags`");
        var result = await new ReproReducer(new FakeOracle(_ => true), premises, TimeSpan.FromMinutes(1)).ReduceAsync(start, default);
        var listing = result.Program.Listing();
        Assert.True(premises.HeldBy(result.Program), listing);
        Assert.Equal(start.Listing().Split("jon").Length, listing.Split("jon").Length);
        Assert.Contains("tags", listing);
    }

    [Fact]
    public async Task Out_of_budget_it_returns_the_last_program_the_oracle_accepted_and_says_it_is_not_minimal()
    {
        var start = Program(("flake.nix", Flake), ("modules/m.nix", "{ x = 1; }"));
        // The first batch (every single edit) is answered; the second (the edits combined) never is.
        var oracle = new FakeOracle(_ => true, answers: 1);
        var result = await new ReproReducer(oracle, ReproPremises.None, TimeSpan.FromSeconds(2)).ReduceAsync(start, default);
        Assert.False(result.Minimal);
        Assert.True(result.Program.Listing().Length < start.Listing().Length);
    }

    [Fact]
    public void Lines_do_not_count_the_flake_inputs_block()
    {
        var program = Program(("flake.nix", "{ inputs = { a.url = \"x\"; b.url = \"y\"; }; outputs = _: { }; }"));
        Assert.Equal(3, program.Lines());
    }
}
