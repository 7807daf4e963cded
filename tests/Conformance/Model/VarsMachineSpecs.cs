using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;
using Conformance.Model.Vars;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// The vars model in a real clan machine, against what Nix printed for the recorded clan
/// (tests/Conformance/recorded/vars-machine: its flake.nix and vars/ are the case, observed.json what
/// clan-core at the pin evaluated): every attribute of every file, the warnings, the sops-nix secrets,
/// the validation hash, a persisted prompt and the settings. The upstream eval tests (VarsExampleSpecs)
/// evaluate the interface alone; this is the machine context they leave out.
/// </summary>
public sealed partial class VarsMachineSpecs
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "vars-machine");

    private static readonly JsonNode Observed = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "observed.json")))!;

    /// <summary>The recorded flake's machine <c>m</c>, as a vars case (the same generators; the files of its vars/ directory).</summary>
    private static VarsSpec Case() => new("m", MachineClass.Nixos)
    {
        Directory = Observed["dir"]!.GetValue<string>(),
        NixosRelease = "26.11",
        ExistingFiles = Directory.EnumerateFiles(Path.Combine(Dir, "vars"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Dir, f).Replace('\\', '/'), File.ReadAllText),
        Generators =
        [
            new GeneratorSpec("pub")
            {
                Files =
                [
                    new VarFileSpec("present") { Secret = false },
                    new VarFileSpec("missing") { Secret = false },
                    new VarFileSpec("odd") { Secret = false, Owner = "nginx", Mode = "0444" },
                ],
                Prompts = [new PromptSpec("p1") { Persist = true }],
                Validation = JsonNode.Parse("""{"a":1,"b":{"c":"x"}}"""),
            },
            new GeneratorSpec("sh") { Share = true, Files = [new VarFileSpec("spub") { Secret = false }] },
            new GeneratorSpec("sec")
            {
                Files =
                [
                    new VarFileSpec("s1"),
                    new VarFileSpec("s2") { NeededFor = NeededFor.Users },
                    new VarFileSpec("s3") { NeededFor = NeededFor.Activation },
                    new VarFileSpec("s4") { NeededFor = NeededFor.Partitioning },
                    new VarFileSpec("s5") { Deploy = false },
                ],
            },
        ],
    };

    /// <summary>What the probe prints for an outcome: <c>toString</c> of the value, <c>&lt;error&gt;</c> for an error.</summary>
    private static string Printed(Outcome outcome) => outcome switch
    {
        ValueOutcome { Expected: null } => "",
        ValueOutcome { Expected: JsonArray a } => string.Join(" ", a.Select(n => n!.GetValue<string>())),
        ValueOutcome { Expected: JsonValue v } when v.TryGetValue<bool>(out var b) => b ? "1" : "",
        ValueOutcome { Expected: JsonValue v } => v.ToString(),
        _ => "<error>",
    };

    [Fact]
    public void Every_file_attribute_is_what_clan_core_evaluated()
    {
        var prediction = VarsModel.Predict(Case());
        var observedFiles = Observed["files"]!.AsObject();
        Assert.Equal(observedFiles.Select(g => g.Key).Order(StringComparer.Ordinal), prediction.Generators.Keys.Order(StringComparer.Ordinal));
        foreach (var (generator, files) in observedFiles)
        {
            Assert.Equal(files!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal), prediction.Generators[generator].Files.Keys.Order(StringComparer.Ordinal));
            foreach (var (file, attributes) in files.AsObject())
                foreach (var (attribute, value) in attributes!.AsObject())
                    // A public file's path is the store path builtins.path makes of it: the model writes <store>/NAME.
                    Assert.True((attribute == "path" ? StorePaths().Replace(value!.GetValue<string>(), "<store>/") : value!.GetValue<string>()) == Printed(prediction.File(generator, file, attribute)),
                        $"{generator}.{file}.{attribute}: Nix printed {value}, the model predicts {prediction.File(generator, file, attribute)}");
        }
    }

    [Fact]
    public void Warnings_sops_secrets_validation_hash_prompts_and_settings_are_what_clan_core_evaluated()
    {
        var prediction = VarsModel.Predict(Case());
        Assert.Equal(Observed["warnings"]!.ToJsonString(), Assert.IsType<ValueOutcome>(prediction.Warnings).Expected!.ToJsonString());
        // sops.secrets as the probe reads them: path (sops-nix's default), neededForUsers, owner, group, mode.
        var secrets = Assert.IsType<ValueOutcome>(prediction.SopsSecrets).Expected!.AsObject();
        Assert.Equal(Observed["sops"]!.AsObject().Select(kv => kv.Key), secrets.Select(kv => kv.Key));
        foreach (var (name, secret) in Observed["sops"]!.AsObject())
        {
            foreach (var attribute in new[] { "owner", "group", "mode", "neededForUsers" })
                Assert.Equal(secret![attribute]!.ToJsonString(), secrets[name]![attribute]!.ToJsonString());
            Assert.Equal(secret!["path"]!.GetValue<string>(), Printed(prediction.File("sec", name.Split('/')[^1], "path")));
        }
        Assert.Equal(Observed["hash"]!.GetValue<string>(), Printed(prediction.Generators["pub"].Attributes["validationHash"]));
        var prompt = Observed["prompts"]!["p1"]!;
        var predicted = prediction.Generators["pub"].Prompts["p1"];
        foreach (var attribute in new[] { "name", "description", "type", "persist" })
            Assert.Equal(prompt[attribute]!.ToJsonString(), Assert.IsType<ValueOutcome>(predicted[attribute]).Expected!.ToJsonString());
        foreach (var attribute in new[] { "group", "label", "required", "helperText" })
            Assert.Equal(prompt["display"]![attribute]?.ToJsonString() ?? "null", Assert.IsType<ValueOutcome>(predicted["display." + attribute]).Expected?.ToJsonString() ?? "null");
        foreach (var (name, value) in Observed["settings"]!.AsObject())
            Assert.True(JsonNode.DeepEquals(value, Assert.IsType<ValueOutcome>(prediction.Settings[name]).Expected), $"settings.{name}");
    }

    /// <summary>The clans of tests/Conformance/recorded/vars-stores: one secret store and class each, the same generators.</summary>
    [Theory]
    [InlineData("nixos-age", SecretStore.Age, MachineClass.Nixos)]
    [InlineData("nixos-custom", SecretStore.Custom, MachineClass.Nixos)]
    [InlineData("darwin-password-store", SecretStore.PasswordStore, MachineClass.Darwin)]
    public void Under_every_secret_store_and_class_file_attributes_and_warnings_are_what_clan_core_evaluated(string clan, SecretStore store, MachineClass machineClass)
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "vars-stores");
        var observed = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "observed.json")))![clan]!;
        var spec = new VarsSpec("d", machineClass)
        {
            Directory = observed["dir"]!.GetValue<string>(),
            Settings = new VarsSettingsSpec { SecretStore = store },
            ExistingFiles = Directory.EnumerateFiles(Path.Combine(dir, "vars"), "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText),
            Generators =
            [
                new GeneratorSpec("pub") { Files = [new VarFileSpec("present") { Secret = false }, new VarFileSpec("odd") { Secret = false, Group = "staff" }] },
                new GeneratorSpec("sec")
                {
                    Files =
                    [
                        new VarFileSpec("s1"), new VarFileSpec("s2") { NeededFor = NeededFor.Users }, new VarFileSpec("s3") { NeededFor = NeededFor.Activation },
                        new VarFileSpec("s4") { NeededFor = NeededFor.Partitioning }, new VarFileSpec("s5") { RestartUnits = ["a.service"] },
                    ],
                },
            ],
        };
        var prediction = VarsModel.Predict(spec);
        foreach (var (generator, files) in observed["files"]!.AsObject())
            foreach (var (file, attributes) in files!.AsObject())
                foreach (var (attribute, value) in attributes!.AsObject())
                    Assert.True((attribute == "path" ? StorePaths().Replace(value!.GetValue<string>(), "<store>/") : value!.GetValue<string>()) == Printed(prediction.File(generator, file, attribute)),
                        $"{clan}: {generator}.{file}.{attribute}: Nix printed {value}, the model predicts {prediction.File(generator, file, attribute)}");
        Assert.Equal(observed["warnings"]!.ToJsonString(), Assert.IsType<ValueOutcome>(prediction.Warnings).Expected!.ToJsonString());
    }

    [GeneratedRegex("/nix/store/[a-z0-9]{32}-")]
    private static partial Regex StorePaths();
}
