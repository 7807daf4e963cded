using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;
using Conformance.Model.Vars;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's vars eval tests at the pinned revision (<c>nixosModules/clanCore/vars</c>: the suites
/// <c>evalTests-module-clan-vars</c>, <c>evalTests-vars-backends</c>, <c>evalTests-age-source-path</c>,
/// <c>evalTests-generators-to-sops</c>; 46 tests), each re-expressed against the vars model
/// (<see cref="VarsModel"/>, <see cref="SopsSecrets"/>, <see cref="AgeSecrets"/>). No Nix needed:
/// <see cref="ModelSpecs.VarsExampleSpecs"/> checks each prediction against the upstream expectation.
/// </summary>
public static class VarsExampleCases
{
    private const string ModuleClanVars = "evalTests-module-clan-vars";
    private const string ModuleClanVarsFile = "nixosModules/clanCore/vars/eval-tests/default.nix";
    private const string Backends = "evalTests-vars-backends";
    private const string BackendsFile = "nixosModules/clanCore/vars/eval-tests/backends.nix";
    private const string AgeSourcePath = "evalTests-age-source-path";
    private const string AgeSourcePathFile = "nixosModules/clanCore/vars/eval-tests/age-source-path.nix";
    private const string GeneratorsToSops = "evalTests-generators-to-sops";
    private const string GeneratorsToSopsFile = "nixosModules/clanCore/vars/secret/sops/generators-to-sops-test.nix";

    // ---- eval-tests/default.nix: interface.nix evaluated alone (lib.evalModules), pkgs of x86_64-linux ----

    /// <summary>The upstream <c>eval</c>: the vars interface alone, no store module; the machine name is not read.</summary>
    private static VarsSpec Interface(params GeneratorSpec[] generators) =>
        new("unused", MachineClass.Nixos) { Evaluation = VarsEvaluation.InterfaceOnly, Generators = generators };

    /// <summary>Upstream's <c>usage_simple</c>: a secret file, a public file, a prompt and a script.</summary>
    private static readonly VarsSpec UsageSimple = Interface(new GeneratorSpec("my_secret")
    {
        Files = [new VarFileSpec("password"), new VarFileSpec("username") { Secret = false }],
        Prompts = [new PromptSpec("prompt1")],
        Script = "cp $prompts/prompt1 $files/password\n",
    });

    private static Outcome FileAttribute(VarsSpec spec, string generator, string file, string attribute) =>
        VarsModel.Predict(spec).File(generator, file, attribute);

    /// <summary><c>file ? attr</c>: the file exists in the evaluation and the attribute is one of a file's options (reading an option's presence never evaluates it).</summary>
    private static Outcome HasAttribute(VarsSpec spec, string generator, string file, string attribute) =>
        Outcome.Value(VarsModel.Predict(spec).Generators[generator].Files.ContainsKey(file) && VarsModel.FileOptionNames.Contains(attribute), VarsModel.Rule);

    private static Outcome Generator(VarsSpec spec, string generator, string attribute) => VarsModel.Predict(spec).Generators[generator].Attributes[attribute];

    private static Outcome Map(Outcome outcome, Func<JsonNode?, JsonNode?> f) =>
        outcome is ValueOutcome v ? Outcome.Value(f(v.Expected), v.Rule) : outcome;

    private static IEnumerable<UpstreamExample> ModuleClanVarsTests()
    {
        UpstreamExample T(string test, Func<Outcome> predict, string expected) => new(ModuleClanVars, test, ModuleClanVarsFile, predict, expected);
        yield return T("single_file_single_prompt.test_file_secret_by_default", () => FileAttribute(UsageSimple, "my_secret", "password", "secret"), "true");
        yield return T("single_file_single_prompt.test_secret_value_access_raises_error", () => FileAttribute(UsageSimple, "my_secret", "password", "value"),
            "error:Throw:Cannot access value of secret file");
        yield return T("single_file_single_prompt.test_public_value_access", () => HasAttribute(UsageSimple, "my_secret", "username", "value"), "true");
        yield return T("single_file_single_prompt.test_secret_has_path", () => HasAttribute(UsageSimple, "my_secret", "password", "path"), "true");
        yield return T("single_file_single_prompt.test_public_var_has_path", () => HasAttribute(UsageSimple, "my_secret", "username", "path"), "true");
        yield return T("test_script_text", () => Generator(Interface(new GeneratorSpec("my_secret") { Script = "echo \"Hello, world!\"\n" }), "my_secret", "script"),
            "\"echo \\\"Hello, world!\\\"\\n\"");
        // expr: lib.hasPrefix builtins.storeDir script (the script is a derivation named my-script).
        yield return T("test_script_writer", () => Map(Generator(Interface(new GeneratorSpec("my_secret") { ScriptDerivation = "my-script" }), "my_secret", "script"),
            v => v!.GetValue<string>().StartsWith(VarsModel.StorePath(""), StringComparison.Ordinal)), "true");
        yield return T("test_mode_attribute", () => FileAttribute(Interface(new GeneratorSpec("my_secret") { Files = [new VarFileSpec("password") { Mode = "0400" }] }),
            "my_secret", "password", "mode"), "\"0400\"");
    }

    // ---- eval-tests/backends.nix: the password-store options for every class --------------------

    private static IEnumerable<UpstreamExample> BackendsTests() =>
        new[] { MachineClass.Nixos, MachineClass.Darwin }.Select(c => new UpstreamExample(Backends, $"test_password_store_for_{c.ToNix()}", BackendsFile,
            // expr: options.clan.core.vars ? "password-store" && config.clan.core.vars.password-store.passCommand != null
            () => Map(VarsModel.Predict(new VarsSpec("machine", c) { Settings = new VarsSettingsSpec { SecretStore = SecretStore.PasswordStore } }).Settings["password-store.passCommand"],
                v => v is not null),
            "true"));

    // ---- eval-tests/age-source-path.nix: the on-disk layout of age secrets ------------------------

    /// <summary>The age fixtures the upstream test resolves, and the files its fixture tree (<c>nixosModules/clanCore/vars/tests</c>) holds at the pin.</summary>
    private static readonly (string RelDir, string FileName)[] AgeFixtures =
    [
        ("shared/shared-generator", "shared-secret"),
        ("per-machine/machine/test-generator", "service-secret"),
        ("per-machine/machine/test-generator", "user-secret"),
        ("per-machine/machine/test-generator", "activation-secret"),
        ("per-machine/machine/perm-generator", "perm-secret"),
    ];

    private static readonly HashSet<string> AgeFixtureTree =
    [
        "tests/secrets/clan-vars/shared/shared-generator/shared-secret/shared-secret.age",
        "tests/secrets/clan-vars/per-machine/machine/perm-generator/perm-secret/perm-secret.age",
        "tests/secrets/clan-vars/per-machine/machine/test-generator/user-secret/user-secret.age",
        "tests/secrets/clan-vars/per-machine/machine/test-generator/service-secret/service-secret.age",
        "tests/secrets/clan-vars/per-machine/machine/test-generator/activation-secret/activation-secret.age",
    ];

    private static IEnumerable<UpstreamExample> AgeSourcePathTests()
    {
        UpstreamExample T(string test, Func<Outcome> predict, string expected) => new(AgeSourcePath, test, AgeSourcePathFile, predict, expected);
        Outcome Path(string clanDir, string relDir, string name) => Outcome.Value(AgeSecrets.SourcePath(clanDir, relDir, name), VarsModel.Rule);
        yield return T("test_all_fixtures_reachable",
            () => Outcome.Value(new JsonArray(AgeFixtures.Select(f => (JsonNode?)AgeFixtureTree.Contains(AgeSecrets.SourcePath("tests", f.RelDir, f.FileName))).ToArray()), VarsModel.Rule),
            "[true,true,true,true,true]");
        yield return T("test_per_machine_layout", () => Path("/clan", "per-machine/jon/zerotier", "identity"), "\"/clan/secrets/clan-vars/per-machine/jon/zerotier/identity/identity.age\"");
        yield return T("test_shared_layout", () => Path("/clan", "shared/wifi", "psk"), "\"/clan/secrets/clan-vars/shared/wifi/psk/psk.age\"");
        yield return T("test_per_export_layout", () => Path("/clan", "per-export/A/one", "foo"), "\"/clan/secrets/clan-vars/per-export/A/one/foo/foo.age\"");
    }

    // ---- secret/sops/generators-to-sops-test.nix: the bridge to sops-nix ---------------------------

    /// <summary>Upstream's <c>mkFile</c> with its defaults (rel_dir a placeholder unless a test sets one).</summary>
    private static SopsFile File(string name, bool secret = true, bool deploy = true, NeededFor neededFor = NeededFor.Services, string owner = "root",
        string group = "root", string mode = "0400", string[]? restartUnits = null, string relDir = "<placeholder>") =>
        new(name, secret, deploy, neededFor, owner, group, mode, restartUnits ?? [], relDir);

    private static SopsGenerator Gen(string name, bool share, params SopsFile[] files) => new(name, share, files);

    private static Outcome Sops(SopsGenerator[] generators, string machineClass = "nixos", string directory = "/test", Func<string, bool>? pathExists = null) =>
        SopsSecrets.Map(directory, machineClass, generators, pathExists ?? (_ => true));

    private static JsonNode? Keys(JsonNode? result) => new JsonArray(result!.AsObject().Select(kv => (JsonNode?)kv.Key).ToArray());

    private static JsonNode? At(JsonNode? result, string secret, params string[] path)
    {
        var node = result![secret];
        foreach (var p in path) node = node![p];
        return node?.DeepClone();
    }

    private static IEnumerable<UpstreamExample> GeneratorsToSopsTests()
    {
        UpstreamExample T(string test, Func<Outcome> predict, string expected) => new(GeneratorsToSops, test, GeneratorsToSopsFile, predict, expected);
        const string Placeholder = "vars/<placeholder>/";

        yield return T("testSharedSecretPath", () => Map(Sops([Gen("gen1", true, File("secret1", relDir: "shared/gen1"))]), r => At(r, "vars/shared/gen1/secret1", "sopsFile", "path")),
            "\"/test/vars/shared/gen1/secret1/secret\"");
        yield return T("testPerMachineSecretPath", () => Map(Sops([Gen("gen1", false, File("secret1", relDir: "per-machine/machine1/gen1"))]), r => At(r, "vars/per-machine/machine1/gen1/secret1", "sopsFile", "path")),
            "\"/test/vars/per-machine/machine1/gen1/secret1/secret\"");
        yield return T("testSopsFileNameConstruction", () => Map(Sops([Gen("gen1", true, File("secret1", relDir: "shared/gen1"))]), r => At(r, "vars/shared/gen1/secret1", "sopsFile", "name")),
            "\"shared-gen1_secret1\"");
        yield return T("testFiltersSecretTrue", () => Map(Sops([Gen("gen1", true, File("included", secret: true), File("excluded", secret: false))]), Keys),
            $"[\"{Placeholder}included\"]");
        yield return T("testFiltersDeployTrue", () => Map(Sops([Gen("gen1", true, File("included", deploy: true), File("excluded", deploy: false))]), Keys),
            $"[\"{Placeholder}included\"]");
        yield return T("testFiltersNeededForUsers", () => Map(Sops([Gen("gen1", true, File("users", neededFor: NeededFor.Users), File("activation", neededFor: NeededFor.Activation))]), Keys),
            $"[\"{Placeholder}users\"]");
        yield return T("testFiltersNeededForServices", () => Map(Sops([Gen("gen1", true, File("services", neededFor: NeededFor.Services), File("activation", neededFor: NeededFor.Activation))]), Keys),
            $"[\"{Placeholder}services\"]");
        yield return T("testFiltersCombinedConditions", () => Map(Sops([Gen("gen1", true,
                File("valid"), File("noSecret", secret: false), File("noDeploy", deploy: false), File("wrongNeededFor", neededFor: NeededFor.Activation))]), Keys),
            $"[\"{Placeholder}valid\"]");
        // expr sorts the names itself.
        yield return T("testExtractsMultipleGenerators", () => Map(Sops([Gen("gen1", true, File("secret1")), Gen("gen2", false, File("secret2"))]),
                r => new JsonArray(Keys(r)!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal).Select(n => (JsonNode?)n).ToArray())),
            $"[\"{Placeholder}secret1\",\"{Placeholder}secret2\"]");
        yield return T("testExtractsMultipleFilesPerGenerator", () => Map(Sops([Gen("gen1", true, File("secret1"), File("secret2"), File("secret3"))]), r => r!.AsObject().Count), "3");
        yield return T("testNeededForUsersCorrectlySet", () => Map(Sops([Gen("gen1", true, File("userSecret", neededFor: NeededFor.Users), File("serviceSecret", neededFor: NeededFor.Services))]),
                r => new JsonObject { ["userSecret"] = At(r, Placeholder + "userSecret", "neededForUsers"), ["serviceSecret"] = At(r, Placeholder + "serviceSecret", "neededForUsers") }),
            """{"serviceSecret":false,"userSecret":true}""");
        // expr: result.<secret>.restartUnits or null
        yield return T("testNixosIncludesRestartUnits", () => Map(Sops([Gen("gen1", true, File("secret1", restartUnits: ["nginx.service"]))]), r => At(r, Placeholder + "secret1", "restartUnits")),
            """["nginx.service"]""");
        yield return T("testDarwinExcludesRestartUnits", () => Map(Sops([Gen("gen1", true, File("secret1", restartUnits: ["nginx.service"]))], "darwin"),
                r => r![Placeholder + "secret1"]!.AsObject().ContainsKey("restartUnits")),
            "false");
        yield return T("testClassAssertionNixos", () => Sops([Gen("gen1", true, File("secret1", relDir: "shared/gen1"))]),
            """{"vars/shared/gen1/secret1":{"owner":"root","group":"root","mode":"0400","neededForUsers":false,"restartUnits":[],"sopsFile":{"name":"shared-gen1_secret1","path":"/test/vars/shared/gen1/secret1/secret"},"format":"binary"}}""");
        yield return T("testClassAssertionDarwin", () => Sops([Gen("gen1", true, File("secret1", relDir: "shared/gen1"))], "darwin"),
            """{"vars/shared/gen1/secret1":{"owner":"root","group":"root","mode":"0400","neededForUsers":false,"sopsFile":{"name":"shared-gen1_secret1","path":"/test/vars/shared/gen1/secret1/secret"},"format":"binary"}}""");
        // expectedError.type = "ThrownError" (no message given upstream; the model names the assertion's).
        yield return T("testClassAssertionInvalid", () => Sops([Gen("gen1", true, File("secret1"))], "invalid"), "error:Throw:class must be 'nixos' or 'darwin'");
        yield return T("testPreservesOwner", () => Map(Sops([Gen("gen1", true, File("secret1", owner: "nginx"))]), r => At(r, Placeholder + "secret1", "owner")), "\"nginx\"");
        yield return T("testPreservesGroup", () => Map(Sops([Gen("gen1", true, File("secret1", group: "nginx"))]), r => At(r, Placeholder + "secret1", "group")), "\"nginx\"");
        yield return T("testPreservesMode", () => Map(Sops([Gen("gen1", true, File("secret1", mode: "0440"))]), r => At(r, Placeholder + "secret1", "mode")), "\"0440\"");
        yield return T("testPreservesRestartUnits", () => Map(Sops([Gen("gen1", true, File("secret1", restartUnits: ["nginx.service", "php-fpm.service"]))]), r => At(r, Placeholder + "secret1", "restartUnits")),
            """["nginx.service","php-fpm.service"]""");
        yield return T("testOutputAttributeNameFormat", () => Map(Sops([Gen("myGenerator", true, File("mySecret"))]), Keys), $"[\"{Placeholder}mySecret\"]");
        yield return T("testOutputFormatIsBinary", () => Map(Sops([Gen("gen1", true, File("secret1"))]), r => At(r, Placeholder + "secret1", "format")), "\"binary\"");
        yield return T("testOutputUsesBuiltinsPath", () => Map(Sops([Gen("gen1", true, File("secret1"))]),
                r => At(r, Placeholder + "secret1", "sopsFile") is JsonObject o && o.ContainsKey("name") && o.ContainsKey("path")),
            "true");
        yield return T("testFiltersByPathExists", () => Map(Sops([Gen("gen1", true, File("exists"), File("notExists"))], pathExists: p => p == "/test/vars/<placeholder>/exists/secret"), Keys),
            $"[\"{Placeholder}exists\"]");
        yield return T("testAllSecretsFilteredWhenNoneExist", () => Sops([Gen("gen1", true, File("secret1"), File("secret2"))], pathExists: _ => false), "{}");
        yield return T("testPathExistsCalledWithCorrectPaths", () => Map(Sops([Gen("gen1", true, File("secret1")), Gen("gen2", false, File("secret2"))]), r => r!.AsObject().Count), "2");
        yield return T("testEmptyGenerators", () => Sops([]), "{}");
        yield return T("testGeneratorWithNoFiles", () => Sops([Gen("gen1", true)]), "{}");
        yield return T("testGeneratorWithNoRelevantFiles", () => Sops([Gen("gen1", true, File("notDeployed", deploy: false), File("notSecret", secret: false), File("activation", neededFor: NeededFor.Activation))]), "{}");
        yield return T("testEmptyRestartUnits", () => Map(Sops([Gen("gen1", true, File("secret1", restartUnits: []))]), r => At(r, Placeholder + "secret1", "restartUnits")), "[]");
        yield return T("testSpecialCharactersInNames", () => Map(Sops([Gen("gen-with-dash", false, File("secret_with_underscore", relDir: "per-machine/machine-1/gen-with-dash"))]), r =>
        {
            const string Key = "vars/per-machine/machine-1/gen-with-dash/secret_with_underscore";
            return new JsonObject { ["hasSecret"] = r!.AsObject().ContainsKey(Key), ["path"] = At(r, Key, "sopsFile", "path"), ["storeName"] = At(r, Key, "sopsFile", "name") };
        }), """{"hasSecret":true,"path":"/test/vars/per-machine/machine-1/gen-with-dash/secret_with_underscore/secret","storeName":"per-machine-machine-1-gen-with-dash_secret_with_underscore"}""");
        yield return T("testComplexScenario", () => Map(Sops(
            [
                Gen("passwords", true,
                    File("root", owner: "root", group: "root", mode: "0400", neededFor: NeededFor.Users),
                    File("postgres", owner: "postgres", group: "postgres", mode: "0400", neededFor: NeededFor.Services)),
                Gen("certificates", false,
                    File("ssl", owner: "nginx", group: "nginx", mode: "0440", restartUnits: ["nginx.service"], neededFor: NeededFor.Services)),
            ], directory: "/clan", pathExists: p => p is "/clan/vars/<placeholder>/root/secret" or "/clan/vars/<placeholder>/ssl/secret"), r => new JsonObject
            {
                ["secretCount"] = r!.AsObject().Count,
                ["hasRootPassword"] = r.AsObject().ContainsKey(Placeholder + "root"),
                ["hasSSLCert"] = r.AsObject().ContainsKey(Placeholder + "ssl"),
                ["noPostgresPassword"] = !r.AsObject().ContainsKey("vars/passwords/postgres"),
                ["rootIsForUsers"] = At(r, Placeholder + "root", "neededForUsers"),
                ["sslOwner"] = At(r, Placeholder + "ssl", "owner"),
                ["sslRestarts"] = At(r, Placeholder + "ssl", "restartUnits"),
            }),
            """{"secretCount":2,"hasRootPassword":true,"hasSSLCert":true,"noPostgresPassword":true,"rootIsForUsers":true,"sslOwner":"nginx","sslRestarts":["nginx.service"]}""");
    }

    /// <summary>Every re-expressed upstream vars test (46).</summary>
    public static readonly IReadOnlyList<UpstreamExample> All =
        [.. ModuleClanVarsTests(), .. BackendsTests(), .. AgeSourcePathTests(), .. GeneratorsToSopsTests()];
}
