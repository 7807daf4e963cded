using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// Nix shows an option path with every name that is not an identifier quoted
/// (<c>machines."1node".machineClass</c>): an error the model expects must name the machine the same
/// way, or a case whose machine is called <c>1node</c> or <c>a b</c> fails against a clan-core that
/// behaves as modelled. Found by <c>run --cases 100 --seed 53</c> at the pin (a class conflict
/// between inventory.json and the Nix inventory, machine <c>1node</c>).
/// </summary>
public sealed class OptionPathQuotingSpecs
{
    // What Nix 2.26.3 printed for that case at the pin (the store paths shortened).
    private const string Printed = "The option `flake.clan.inventory.machines.\"1node\".machineClass' has conflicting definition values:\n" +
                                   "- In `/nix/store/…-source/flakeModules/clan.nix': \"darwin\"\n- In `/nix/store/…-source/inventory.json': \"nixos\"";

    [Fact]
    public void A_class_conflict_names_a_machine_as_Nix_quotes_it()
    {
        var clan = new ClanCase("c1")
        {
            Machines =
            [
                new MachineSpec("1node")
                {
                    InClanMachines = true,
                    InventoryNix = new InventoryEntry { Class = MachineClass.Darwin },
                    InventoryJson = new InventoryEntry { Class = MachineClass.Nixos },
                },
            ],
        };
        var prediction = Oracle.Predict(clan);
        var failing = prediction.Fields.Where(kv => kv.Value is Model.Outcomes.ErrorOutcome).ToList();
        Assert.NotEmpty(failing);
        Assert.All(failing, kv => Assert.True(Comparer.Agrees(kv.Key, kv.Value, new ObservedError(ErrorKind.ConflictingDefinitions, Printed)),
            $"{kv.Key}: expected {kv.Value} against {Printed}"));
    }
}
