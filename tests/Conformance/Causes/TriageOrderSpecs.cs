using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Ledger;

namespace Conformance.Tests.Causes;

/// <summary>
/// What triage does first on a night with more causes than its budget can shrink (docs/model.md,
/// "Triage and its budget"), and how a trigger found on one cause is tested on another's case.
/// </summary>
public sealed class TriageOrderSpecs
{
    private static CauseKey K(string text) => CauseKey.Parse(text);

    [Theory]
    [InlineData("error-gone:ConflictingDefinitions:The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' has conflicting definition values",
        "error:ConflictingDefinitions:The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' has conflicting definition values:")]
    [InlineData("error-gone:NotUnique:instances.<instance>.roles.<role>.tags.<tag>.settings' is defined multiple times while it's expected to be unique",
        "error:NotUnique:The option `flake.clan.inventory.instances.<instance>.roles.<role>.settings' is defined multiple times while it's expected to be unique.")]
    [InlineData("error-gone:OptionDoesNotExist:<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' does not exist",
        "error:OptionDoesNotExist:The option `flake.clan._services.allServices.<service>.manifest.constraints' does not exist. Definition values:")]
    [InlineData("svc/services:value->value", "cfg/services:value->value")]
    public void Keys_of_one_kind_and_message_shape_are_one_family_whatever_they_name(string a, string b) =>
        Assert.Equal(TriageOrder.Family(K(a)), TriageOrder.Family(K(b)));

    [Theory]
    [InlineData("error:NotUnique:The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique.",
        "error:ConflictingDefinitions:The option `nixpkgs.pkgs' has conflicting definition values:")]
    [InlineData("error-gone:ConflictingDefinitions:The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>` is defined both null and not null",
        "error-gone:ConflictingDefinitions:The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' has conflicting definition values")]
    [InlineData("svc/services:value->value", "svc/roles:value->value")]
    public void Another_kind_or_wording_is_another_family(string a, string b) =>
        Assert.NotEqual(TriageOrder.Family(K(a)), TriageOrder.Family(K(b)));

    [Fact]
    public void Families_of_several_keys_come_first_the_largest_first_then_keys_alone_by_cases()
    {
        var cases = new Dictionary<CauseKey, int>
        {
            [K("clan/outputs:value->value")] = 200,
            [K("svc/services:value->value")] = 43,
            [K("error:AttributeMissing:attribute 'cliChecks' missing")] = 100,
            [K("error:AttributeMissing:attribute '<system>' missing")] = 15,
            [K("error-gone:ConflictingDefinitions:The option `<service>.settings.<option>' has conflicting definition values")] = 7,
            [K("error:ConflictingDefinitions:The option `<service>.settings.<option>' has conflicting definition values:")] = 3,
            [K("error-gone:Throw:uniqueDeferredSerializableModule doesn't allow nested imports")] = 4,
        };
        Assert.Equal(
        [
            "error:AttributeMissing:attribute 'cliChecks' missing",
            "error:AttributeMissing:attribute '<system>' missing",
            "error-gone:ConflictingDefinitions:The option `<service>.settings.<option>' has conflicting definition values",
            "error:ConflictingDefinitions:The option `<service>.settings.<option>' has conflicting definition values:",
            "clan/outputs:value->value",
            "svc/services:value->value",
            "error-gone:Throw:uniqueDeferredSerializableModule doesn't allow nested imports",
        ], TriageOrder.Of(cases).Select(k => k.Text));
    }

    private static readonly ClanCase Tagged = new("c1")
    {
        Machines = [new MachineSpec("alpha") { InventoryNix = new InventoryEntry { Tags = ["edge", "db"] } }],
        Services = [new ServiceSpec("net") { Roles = [new ServiceRoleSpec("peer"), new ServiceRoleSpec("server")] }],
        Instances =
        [
            new InstanceSpec("i1")
            {
                Module = new ModuleRef("net", ModuleRef.Self),
                Roles = [new RoleSpec("peer") { Tags = ["edge"], TagSettings = [new TargetSettings("edge", new SettingsSpec()), new TargetSettings("db", new SettingsSpec())] }],
            },
            new InstanceSpec("i2")
            {
                Module = new ModuleRef("net", ModuleRef.Self),
                Roles = [new RoleSpec("server") { Machines = ["alpha"], TagSettings = [new TargetSettings("db", new SettingsSpec())] }],
            },
        ],
    };

    [Fact]
    public void A_removal_label_takes_every_item_it_names_from_any_case()
    {
        var without = ReductionLabel.Without(Tagged, "instances.roles.tagSettings[-]");
        Assert.NotNull(without);
        Assert.All(without.Instances.SelectMany(i => i.Roles), r => Assert.Empty(r.TagSettings));
        // Everything else stays: the label says what the reduction took, nothing more.
        Assert.Equal(CaseJson.Serialize(Tagged with { Instances = Tagged.Instances.Select(i => i with { Roles = i.Roles.Select(r => r with { TagSettings = [] }).ToList() }).ToList() }),
            CaseJson.Serialize(without));
    }

    [Theory]
    [InlineData("instances.roles.tagSettings.settings.definitions.priority.form=")]
    [InlineData("instances.roles.machineSettings[-]")]
    [InlineData("modules.definitions[-]:hostPlatform")]
    [InlineData("instances.roles[-]x")]
    public void A_label_that_is_no_removal_or_names_nothing_in_the_case_tests_nothing(string label) =>
        Assert.Null(ReductionLabel.Without(Tagged, label));

    [Fact]
    public void A_removal_of_a_kind_takes_only_items_of_that_kind()
    {
        var c = new ClanCase("c")
        {
            Modules = [new ModuleSpec("m1", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux), new ScalarDef("a")] }],
        };
        var without = ReductionLabel.Without(c, "modules.definitions[-]:hostPlatform");
        Assert.Equal(["scalar"], without!.Modules.Single().Definitions.Select(d => d.GetType().Name == nameof(ScalarDef) ? "scalar" : "other"));
        Assert.True(ReductionLabel.IsRemoval("modules.definitions[-]:hostPlatform"));
        Assert.False(ReductionLabel.IsRemoval("modules.definitions.priority.form="));
    }
}
