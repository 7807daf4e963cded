using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;
using Conformance.Model.Vars;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's whole-clan tests at the pinned revision (lib/tests.nix, suite <c>evalTests-build-clan</c>)
/// that the model answers: public vars read from a directory, the clan's meta, and which machines
/// become NixOS and nix-darwin configurations. The others need what is not modelled yet (machines/
/// autoloading, checks, laziness of a throwing machine option, clan-core's own machines and services).
/// </summary>
public static class BuildClanExampleCases
{
    private const string Suite = "evalTests-build-clan";
    private const string File = "lib/tests.nix";

    /// <summary>The files of upstream's lib/vars-test-flake at the pin.</summary>
    private static readonly IReadOnlyDictionary<string, string> VarsTestFlake = new Dictionary<string, string>
    {
        ["vars/per-machine/test-machine/test-generator/test-file/value"] = "foo-machine",
        ["vars/shared/test-generator/test-file/value"] = "foo-shared",
    };

    private static UpstreamExample T(string test, Func<Outcome> predict, string expected) => new(Suite, test, File, predict, expected);

    private static Outcome Configurations(ClanCase c, ClanField field) => Oracle.Predict(c).Fields[FieldKey.Clan(field)];

    private static MachineSpec Inventory(string name, MachineClass? cls = null) => new(name) { InventoryNix = new InventoryEntry { Class = cls } };

    private static MachineSpec ClanMachines(string name) => new(name) { InClanMachines = true };

    public static readonly IReadOnlyList<UpstreamExample> All =
    [
        T("test_get_var_machine", () => PublicValues.GetPublicValue("test-generator", "test-machine", "test-file", VarsTestFlake, "test"), "\"foo-machine\""),
        T("test_get_var_shared", () => PublicValues.GetPublicValue("test-generator", null, "test-file", VarsTestFlake, "test"), "\"foo-shared\""),
        T("test_get_var_default", () => PublicValues.GetPublicValue("test-generator-wrong", null, "test-file", VarsTestFlake, "test-default"), "\"test-default\""),
        // clanInternals.inventoryClass.inventory.meta of a clan setting inventory.meta.name only.
        T("test_outputs_clanInternals", () => ClanMeta.Evaluate("test"), """{"description":null,"icon":null,"name":"test","domain":"clan","tld":null}"""),
        T("test_single_letter_domain", () => ClanMeta.Evaluate("test", domain: "x") is ValueOutcome { Expected: var meta } ? Outcome.Value(meta!["domain"]!.DeepClone(), ClanMeta.Rule) : ClanMeta.Evaluate("test", domain: "x"),
            "\"x\""),
        T("test_clan_all_machines", () => Configurations(new ClanCase("allMachines") { Machines = [Inventory("machine1"), ClanMachines("machine2")] }, ClanField.NixosConfigurations),
            """["machine1","machine2"]"""),
        // expr: { nixos = attrNames nixosConfigurations; darwin = attrNames darwinConfigurations; }
        T("test_clan_darwin_machines", () =>
        {
            var c = new ClanCase("darwinMachines") { Machines = [ClanMachines("machine1"), Inventory("machine2", MachineClass.Darwin), Inventory("machine3", MachineClass.Nixos)] };
            return (Configurations(c, ClanField.NixosConfigurations), Configurations(c, ClanField.DarwinConfigurations)) is (ValueOutcome n, ValueOutcome d)
                ? Outcome.Value(new System.Text.Json.Nodes.JsonObject { ["nixos"] = n.Expected!.DeepClone(), ["darwin"] = d.Expected!.DeepClone() }, "configurations by class")
                : Configurations(c, ClanField.NixosConfigurations);
        }, """{"nixos":["machine1","machine3"],"darwin":["machine2"]}"""),
    ];
}
