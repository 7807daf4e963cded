using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Outcome = Conformance.Model.Outcomes.Outcome;
using FsCheck.Xunit;

namespace Conformance.Tests.Causes;

/// <summary>
/// Cause keys: an error is one cause wherever it shows, keyed by what Nix prints with names
/// abstracted; values that differ are one cause per scope and aspect — never machine names, never
/// the fields a case happened to touch, so two seeds give the same keys for one upstream change.
/// </summary>
public sealed class CauseKeySpecs
{
    private static readonly ClanCase Case = new("c1")
    {
        Machines = [new MachineSpec("alpha"), new MachineSpec("db"), new MachineSpec("mac") { InventoryNix = new InventoryEntry { Class = MachineClass.Darwin, Tags = ["edge"] } }],
    };

    private static FieldComparison Differs(FieldKey key, Outcome expected, Observed actual) => new(key, expected, actual, false);

    private static Outcome Value(string v) => Outcome.Value(JsonValue.Create(v), "test");

    private static ObservedValue Seen(string v) => new(JsonValue.Create(v));

    private static ObservedError Missing(string system, string hash = "0123456789abcdefghijklmnopqrstuv") =>
        new(ErrorKind.AttributeMissing, $"attribute '{system}' missing\nat /nix/store/{hash}-source/modules/clan/module.nix:12:3:");

    private static IReadOnlyDictionary<CauseKey, IReadOnlySet<Symptom>> Causes(params FieldComparison[] fields) => CauseKeys.Of(Case, fields);

    [Theory]
    [InlineData("cfg/nixpkgs:value->value")]
    [InlineData("clan/outputs:value->missing")]
    [InlineData("sys/nixpkgs:deviation-unlisted:internals-apply-overlays-on-pkgsForSystem")]
    [InlineData("error:AttributeMissing:attribute '<system>' missing")]
    [InlineData("error:NotUnique:The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique.")]
    [InlineData("error-gone:ConflictingDefinitions:The option `<machine>.settings.<option>' has conflicting definition values:")]
    public void A_key_round_trips_through_its_text(string text)
    {
        var key = CauseKey.Parse(text);
        Assert.Equal(text, key.Text);
        Assert.Equal(key, CauseKey.Parse(key.Text));
    }

    [Fact]
    public void Old_keys_that_named_an_error_by_where_it_showed_are_rejected_with_the_new_form()
    {
        var e = Assert.Throws<FormatException>(() => CauseKey.Parse("cfg/nixpkgs:value->error:NotUnique"));
        Assert.Contains("error:<Kind>:<the error line>", e.Message);
        Assert.False(CauseKey.TryParse("0123456789ab", out _));
        Assert.False(CauseKey.TryParse("cfg/nothing:value->value", out _));
        Assert.False(CauseKey.TryParse("error:NoSuchKind:x", out _));
    }

    [Fact]
    public void The_same_change_on_differently_named_machines_is_one_cause()
    {
        var a = Causes(Differs(FieldKey.Configuration("alpha", MachineField.Trail), Value("x"), Seen("y")));
        var b = Causes(Differs(FieldKey.Configuration("db", MachineField.PkgsConfig), Value("x"), Seen("z")),
            Differs(FieldKey.Configuration("alpha", MachineField.Trail), Value("x"), Seen("z")));
        Assert.Equal(a.Keys, b.Keys);
        Assert.Equal("cfg/nixpkgs:value->value", Assert.Single(a.Keys).Text);
    }

    [Fact]
    public void A_deviation_gone_is_a_value_change_of_its_aspect_and_its_symptom_says_so()
    {
        var gone = new FieldComparison(FieldKey.Configuration("alpha", MachineField.PkgsConfig), Value("doc"), Seen("doc"), true)
            { DeviationDisappeared = DeviationIds.ConfigurationsIgnorePkgsForSystem };
        var causes = Causes(gone, Differs(FieldKey.Configuration("alpha", MachineField.Trail), Value("x"), Seen("y")));
        var (key, symptoms) = Assert.Single(causes);
        Assert.Equal("cfg/nixpkgs:value->value", key.Text);
        Assert.Contains(symptoms, s => s.Text == "cfg/nixpkgs:deviation-gone:configurations-ignore-pkgsForSystem");
        Assert.Contains("pkgs now come from pkgsForSystem (known deviation `configurations-ignore-pkgsForSystem` is gone)", CauseTitles.Title(key, symptoms));
    }

    [Fact]
    public void An_error_is_one_cause_wherever_it_shows_and_lists_what_it_took_down()
    {
        // NixOS: every field of the machine fails once its pkgs cannot be built; nix-darwin: only
        // its pkgs fields; the clanInternals copy too. Other systems, other store paths.
        var causes = Causes(
            Differs(FieldKey.Configuration("alpha", MachineField.HostName), Value("alpha"), Missing("aarch64-linux")),
            Differs(FieldKey.Configuration("alpha", MachineField.Roles), Value("[]"), Missing("aarch64-linux")),
            Differs(FieldKey.Configuration("alpha", MachineField.Trail), Value("t"), Missing("aarch64-linux")),
            Differs(FieldKey.Configuration("mac", MachineField.Trail), Value("t"), Missing("x86_64-darwin", "abcdefghijklmnopqrstuv0123456789")),
            Differs(FieldKey.Internals(Systems.X86_64Linux, "db", MachineField.PkgsSystem), Value("t"), Missing("riscv64-linux")));
        var (key, symptoms) = Assert.Single(causes);
        Assert.Equal("error:AttributeMissing:attribute '<system>' missing", key.Text);
        Assert.Equal(["cfg/nixpkgs:value->error:AttributeMissing", "cfg/options:value->error:AttributeMissing", "cfg/roles:value->error:AttributeMissing",
            "sys/nixpkgs:value->error:AttributeMissing"], symptoms.Select(s => s.Text));
        Assert.Contains("in nixosConfigurations/darwinConfigurations: nixpkgs, options, roles; in the clanInternals.machines copies: nixpkgs", CauseTitles.Title(key, symptoms));
    }

    [Fact]
    public void Two_different_errors_are_two_causes()
    {
        var causes = Causes(
            Differs(FieldKey.Configuration("alpha", MachineField.Trail), Value("t"), Missing("aarch64-linux")),
            Differs(FieldKey.Configuration("db", MachineField.Trail), Value("t"),
                new ObservedError(ErrorKind.NotUnique, "The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique.\nDefinition values:\n- In `/nix/store/x.nix'")));
        Assert.Equal(2, causes.Count);
        Assert.Contains(causes.Keys, k => k.Text == "error:NotUnique:The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique.");
    }

    [Fact]
    public void An_expected_error_that_no_longer_happens_is_an_error_gone()
    {
        static Outcome Fails() => Outcome.Fails(new ExpectedError(ErrorKind.AttributeMissing, "attribute 'x86_64-darwin' missing", "t"));
        var causes = Causes(
            Differs(FieldKey.Configuration("alpha", MachineField.HostName), Fails(), Seen("alpha")),
            Differs(FieldKey.Configuration("alpha", MachineField.Trail), Fails(), Seen("t")));
        var (key, symptoms) = Assert.Single(causes);
        Assert.Equal("error-gone:AttributeMissing:attribute '<system>' missing", key.Text);
        Assert.All(symptoms, s => Assert.Equal("error:AttributeMissing->value", s.Transition));
        Assert.StartsWith("no longer fails with AttributeMissing", CauseTitles.Title(key, symptoms));
    }

    [Fact]
    public void A_clan_that_does_not_evaluate_at_all_is_one_cause_whatever_the_fields()
    {
        ObservedError Broken() => new(ErrorKind.Other, "function 'anonymous lambda' called without required argument 'clanLib'\nat /nix/store/0123456789abcdefghijklmnopqrstuv-source/flakeModules/clan.nix:1:1:");
        var causes = Causes(
            Differs(FieldKey.Clan(ClanField.Inventory), Value("{}"), Broken()),
            Differs(FieldKey.Configuration("alpha", MachineField.HostName), Value("alpha"), Broken()),
            Differs(FieldKey.Configuration("db", MachineField.Trail), Outcome.Fails(new ExpectedError(ErrorKind.Throw, "no platform", "t")), Broken()),
            Differs(FieldKey.Internals(Systems.X86_64Linux, "alpha", MachineField.Trail), Value("t"), Broken()));
        Assert.Equal("error:Other:function 'anonymous lambda' called without required argument 'clanLib'", Assert.Single(causes.Keys).Text);
    }

    [Fact]
    public void Error_lines_lose_names_systems_and_paths_but_keep_what_nix_and_the_module_system_say()
    {
        var services = new ClanCase("c2")
        {
            Machines = [new MachineSpec("jon")],
            Instances = [new InstanceSpec("i1") { Roles = [new RoleSpec("peer") { Machines = ["jon"] }] }],
        };
        Assert.Equal("The option `<instance>.roles.<role>.machines.<machine>.settings.<option>' has conflicting definition values:",
            ErrorKeyText.Of("The option `i1.roles.peer.machines.jon.settings.port' has conflicting definition values:\n- In `x': 1", services));
        Assert.Equal("attribute '<system>' missing", ErrorKeyText.Of("attribute 'x86_64-freebsd' missing", services));
        Assert.Equal("cannot convert a function to JSON at <path>", ErrorKeyText.Of("cannot convert a function to JSON at /nix/store/0123456789abcdefghijklmnopqrstuv-source/a.nix:3:4", services));
        // A machine named like Nix vocabulary is left alone: the line stays readable.
        Assert.Equal("The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique.",
            ErrorKeyText.Of("The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique.", services with { Machines = [new MachineSpec("nixpkgs")] }));
        // A failed assertion is named by the first one (quoted names abstracted, the assertion's own words kept).
        Assert.Equal("Failed assertions: - The machine '<machine>' is broken",
            ErrorKeyText.Of("Failed assertions:\n- The machine 'jon' is broken\n- another", services));
    }

    /// <summary>Lines Nix printed for clan-core #7692 (tag settings applied), as the services campaign met them.</summary>
    [Theory]
    [InlineData("The option `self-backup.instances.i2.roles.ctl.machines.alpha.settings.labels.k1' has conflicting definition values:",
        "The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' has conflicting definition values:")]
    [InlineData("The option `self-web.instances.i1.roles.server.machines.\"a.b\".settings.comment' has conflicting definition values:",
        "The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' has conflicting definition values:")]
    [InlineData("The option `flake.clan.inventory.instances.i1.roles.peer.tags.all.settings' is defined multiple times while it's expected to be unique.",
        "The option `flake.clan.inventory.instances.<instance>.roles.<role>.tags.<tag>.settings' is defined multiple times while it's expected to be unique.")]
    [InlineData("The option `flake.clan.inventory.instances.i1.roles.server.tags.db.settings' is defined multiple times while it's expected to be unique.",
        "The option `flake.clan.inventory.instances.<instance>.roles.<role>.tags.<tag>.settings' is defined multiple times while it's expected to be unique.")]
    [InlineData("The option `self-net.instances.i2.roles.ctl.machines.web.settings.comment` is defined both null and not null, in `/nix/store/1nsb6xnh8a2k524hsc0c552y17ifzjpk-source/flakeModules/clan.nix, via option flake.clan.inventory.instances.i2.roles.ctl.tags.cloud.settings'",
        "The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>` is defined both null and not null, in `<path>, via option flake.clan.inventory.instances.<instance>.roles.<role>.tags.<tag>.settings'")]
    [InlineData("A definition for option `self-net.instances.i1.roles.peer.machines.gamma.settings.hosts' is not of type `list of string'. TypeError: Definition values:",
        "A definition for option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' is not of type `<type>'. TypeError: Definition values:")]
    [InlineData("The clan service module self-net doesn't provide clan-module with name 'net'",
        "The clan service module <service> doesn't provide clan-module with name '<service>'")]
    public void Service_error_lines_are_keyed_without_the_names_a_seed_chose(string line, string key)
    {
        var names = new ClanCase("c3")
        {
            Machines = [new MachineSpec("alpha"), new MachineSpec("a.b"), new MachineSpec("db"), new MachineSpec("gamma"), new MachineSpec("web")],
            Services = [new ServiceSpec("net"), new ServiceSpec("web"), new ServiceSpec("backup")],
            Instances = [new InstanceSpec("i1") { Module = new ModuleRef("net", ModuleRef.Self), Roles = [new RoleSpec("peer") { Tags = ["all", "db"] }] }],
        };
        Assert.Equal(key, ErrorKeyText.Of(line, names));
    }

    /// <summary>
    /// Forms that used to keep the case's names (issue 21): the model's key texts, which start inside
    /// the quote (<c>instances.i1…settings' is defined multiple times</c>); a machine whose name holds an
    /// apostrophe, which lib.showOption prints bare (a Nix identifier may hold one) or quoted; a name
    /// with an escaped quote; a service id outside quotes.
    /// </summary>
    [Theory]
    [InlineData("instances.i1.roles.peer.tags.nixos.settings' is defined multiple times while it's expected to be unique",
        "instances.<instance>.roles.<role>.tags.<tag>.settings' is defined multiple times while it's expected to be unique")]
    [InlineData("self-net.instances.i3.roles.ctl.machines.db.settings.undeclared' does not exist",
        "<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' does not exist")]
    [InlineData("machines.db.machineClass' has conflicting definition values",
        "machines.<machine>.machineClass' has conflicting definition values")]
    [InlineData("The option `self-net.instances.i1.roles.ctl.machines.it's.settings.name' was accessed but has no value defined. Try setting the option.",
        "The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' was accessed but has no value defined. Try setting the option.")]
    [InlineData("The option `self-net.instances.i1.roles.ctl.machines.\"quo\\\"te\".settings.name' was accessed but has no value defined.",
        "The option `<service>.instances.<instance>.roles.<role>.machines.<machine>.settings.<option>' was accessed but has no value defined.")]
    [InlineData("The machine 'it's' is broken", "The machine '<machine>' is broken")]
    [InlineData("The clan service module net-service doesn't define any instances.", "The clan service module <service> doesn't define any instances.")]
    [InlineData("The option `flake.clan._services.allServices.self-net.manifest.constraints' does not exist. Definition values:",
        "The option `flake.clan._services.allServices.<service>.manifest.constraints' does not exist. Definition values:")]
    public void Every_form_of_a_line_loses_the_names_the_case_chose(string line, string key)
    {
        var names = new ClanCase("c4")
        {
            Machines = [new MachineSpec("db"), new MachineSpec("it's"), new MachineSpec("quo\"te")],
            Services = [new ServiceSpec("net") { ManifestName = "net-service" }],
            Instances = [new InstanceSpec("i1") { Module = new ModuleRef("net", ModuleRef.Self) }, new InstanceSpec("i3") { Module = new ModuleRef("net", ModuleRef.Self) }],
        };
        Assert.Equal(key, ErrorKeyText.Of(line, names));
    }

    /// <summary>Not over-abstracted: clan's own options keep their names (clan.core.settings is no service's settings), and Nix's words outside quotes stay, even when a service is named like one.</summary>
    [Theory]
    [InlineData("The option `clan.core.settings.machine.name' has conflicting definition values:")]
    [InlineData("attribute 'cliChecks' missing")]
    [InlineData("flake input 'self' doesn't provide clan-module with name '<service>'")]
    [InlineData("The option `nixpkgs.hostPlatform' is used but not defined.")]
    public void Nix_and_clan_words_stay(string line)
    {
        var names = new ClanCase("c5") { Machines = [new MachineSpec("alpha")], Services = [new ServiceSpec("missing")], Instances = [new InstanceSpec("i1") { Module = new ModuleRef("missing", ModuleRef.Self) }] };
        Assert.Equal(line, ErrorKeyText.Of(line, names));
    }

    [Fact]
    public void A_pkgsForSystem_call_that_moved_from_the_copies_to_the_configurations_is_one_cause()
    {
        var configurations = Differs(FieldKey.PkgsForSystemCalls(Scope.Configuration, Systems.X86_64Linux), Outcome.Value(JsonValue.Create(0), "t"), new ObservedValue(JsonValue.Create(1)));
        var copies = Differs(FieldKey.PkgsForSystemCalls(Scope.Internals, Systems.X86_64Linux), Outcome.Value(JsonValue.Create(1), "t"), new ObservedValue(JsonValue.Create(0)));
        Assert.Equal("cfg/nixpkgs:value->value", Assert.Single(Causes(configurations, copies).Keys).Text);
        // Alone, a change of the copies' count is a cause of its own.
        Assert.Equal("sys/nixpkgs:value->value", Assert.Single(Causes(copies).Keys).Text);
    }

    [Theory]
    [InlineData("value", "error:NotUnique", "value->error:NotUnique")]
    [InlineData("error:NotUnique", "value", "error:NotUnique->value")]
    [InlineData("error:NotUnique", "error:ConflictingDefinitions", "error:NotUnique->error:ConflictingDefinitions")]
    [InlineData("value", "value", "value->value")]
    public void Symptoms_name_what_each_side_was(string from, string to, string expected)
    {
        Outcome expectation = from == "value" ? Value("a") : Outcome.Fails(new ExpectedError(Enum.Parse<ErrorKind>(from[6..]), "x", "t"));
        Observed actual = to == "value" ? Seen("b") : new ObservedError(Enum.Parse<ErrorKind>(to[6..]), "y");
        Assert.Equal(expected, CauseKeys.Transition(Differs(FieldKey.Configuration("m", MachineField.Scalar), expectation, actual)));
    }

    [Fact]
    public void Titles_say_what_happens_where_and_against_what_in_plain_words()
    {
        Assert.Equal("in the clanInternals.machines copies, the package set (pkgs, nixpkgs.* options, pkgsForSystem calls): differ from clan-core abc",
            CauseTitles.Title(CauseKey.Parse("sys/nixpkgs:value->value"), [], "clan-core abc"));
        Assert.StartsWith("evaluation now fails with NotUnique: `The option `nixpkgs.pkgs' is defined multiple times", 
            CauseTitles.Title(CauseKey.Parse("error:NotUnique:The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique."), [], "clan-core abc"));
    }

    /// <summary>
    /// Stability across case shapes: renaming every machine of a failing case (a different seed
    /// would name them differently) never changes its causes.
    /// </summary>
    [Property(MaxTest = 100, Arbitrary = [typeof(ModelSpecs.HarnessArbitraries)])]
    public void Renaming_machines_never_changes_the_causes(ClanCase c)
    {
        // A deliberately wrong expectation gives every case disagreements to key.
        var prediction = Oracle.Predict(c);
        var observation = new CaseObservation(c.Id, prediction.Fields.ToDictionary(kv => kv.Key, kv => (Observed)(kv.Value is ValueOutcome v
            ? new ObservedValue(v.Expected is JsonValue ? JsonValue.Create("changed") : v.Expected?.DeepClone())
            : new ObservedValue(JsonValue.Create("now a value")))));
        var keys = CauseKeys.KeysOf(c, Comparer.Compare(prediction, observation));
        var renamed = Rename(observation, prediction);
        Assert.Equal(keys, CauseKeys.KeysOf(c, Comparer.Compare(renamed.Prediction, renamed.Observation)));
    }

    private static (Prediction Prediction, CaseObservation Observation) Rename(CaseObservation o, Prediction p)
    {
        static FieldKey R(FieldKey k) => k.Machine is null ? k : k with { Machine = "renamed-" + k.Machine };
        return (p with { Fields = p.Fields.ToDictionary(kv => R(kv.Key), kv => kv.Value) },
            o with { Fields = o.Fields.ToDictionary(kv => R(kv.Key), kv => kv.Value) });
    }
}
