using Conformance.Model.Errors;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Reducing;

namespace Conformance.Tests.Reduction;

/// <summary>What the reducer counts as "the same output" for an error.</summary>
public sealed class ReproOutcomeSpecs
{
    private static ReproOutcome Conflict(string firstSite, string codeFrameLine = "12|   foo = 1;") => ReproOutcome.Failed(new NixError(ErrorKind.ConflictingDefinitions,
        "The option `inventory.machines.jon.machineClass' has conflicting definition values:\n" +
        $"- In `{firstSite}': \"nixos\"\n" +
        "- In `/nix/store/wh4ijsz7i66dckmv9r9hspy0rn2mzrwh-source/inventory.json': \"darwin\"\n" +
        "at /nix/store/lqz2gv331iqsga4y096yhicnamm3v49l-source/modules/clan/module.nix:3:5:\n" +
        $"    {codeFrameLine}\n" +
        "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions."));

    /// <summary>Finding 13: the same conflict, made in another file, is another output (the file is what the report is about).</summary>
    [Fact]
    public void An_error_whose_definitions_come_from_another_file_is_not_the_same()
    {
        var aliased = Conflict("/nix/store/lqz2gv331iqsga4y096yhicnamm3v49l-source/flakeModules/clan.nix");
        Assert.False(aliased.Same(Conflict("<unknown-file>")));
        Assert.True(aliased.Mentions("flakeModules"));
        Assert.False(Conflict("<unknown-file>").Mentions("flakeModules"));
    }

    /// <summary>Store hashes, positions and the quoted source lines change with every reduction; they do not make another output.</summary>
    [Fact]
    public void Store_hashes_and_code_frames_do_not_make_another_error()
    {
        var a = Conflict("/nix/store/lqz2gv331iqsga4y096yhicnamm3v49l-source/flakeModules/clan.nix");
        var b = Conflict("/nix/store/00000000000000000000000000000000-source/flakeModules/clan.nix", "7|   bar = 2;");
        Assert.True(a.Same(b));
    }

    /// <summary>
    /// The reducer evaluates candidates side by side in one batch, each in a directory of its own; the
    /// same conflict read from candidate 3's inventory.json is the same as the repro's own.
    /// </summary>
    [Fact]
    public void A_definition_in_a_batch_candidates_directory_reads_as_in_its_own_flake()
    {
        var message = "The option `x' has conflicting definition values:\n- In `/nix/store/ln3iz28paw765kbqrz31myvyh8lmy3wh-source/c/3/inventory.json': \"darwin\"";
        Assert.Equal("The option `x' has conflicting definition values:\n- In `/nix/store/ln3iz28paw765kbqrz31myvyh8lmy3wh-source/inventory.json': \"darwin\"",
            Conformance.NixDriver.Rendering.Reduction.ReductionBatch.AsOwnFlake(message));
    }
}
