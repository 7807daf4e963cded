using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Coverage;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Vars;

/// <summary>
/// The model of clan-core's vars (<c>clan.core.vars</c>), written from clan-core's
/// <c>nixosModules/clanCore/vars</c> (interface.nix, default.nix, public/in_repo.nix, secret/{sops,
/// password-store.nix, age.nix}), <c>modules/clan/export-modules/generic-generator.nix</c> and
/// <c>modules/clan/vars/settings-opts.nix</c>. Pure: a machine's <see cref="VarsSpec"/> in, what
/// each attribute evaluates to out (docs/model.md, "Vars").
/// </summary>
internal static class VarsModel
{
    public const string Rule = "vars";

    /// <summary>The attributes of a file the model predicts, in the order a reader meets them.</summary>
    public static readonly IReadOnlyList<string> FileAttributes =
        ["name", "generatorName", "rel_dir", "share", "secret", "deploy", "neededFor", "owner", "group", "mode", "restartUnits", "flakePath", "exists", "value", "path"];

    /// <summary>The attributes every evaluated file has (its options; <c>sops</c> from the renamed <c>sops.owner</c>/<c>sops.group</c>): what <c>file ? attr</c> answers.</summary>
    public static readonly IReadOnlySet<string> FileOptionNames = new HashSet<string>(FileAttributes) { "sops" };

    /// <summary>The options this model predicts (coverage, docs/model.md "Coverage").</summary>
    public static readonly IReadOnlyList<OptionPath> Predicts =
    [
        .. new[] { "name", "share", "dependencies", "validation", "script" }.Select(a => OptionPath.Parse($"clan.core.vars.generators.<name>.{a}")),
        OptionPath.Parse("clan.core.vars.generators"),
        OptionPath.Parse("clan.core.vars.generators.<name>.files"),
        .. FileAttributes.Where(a => a is not ("rel_dir" or "share")).Select(a => OptionPath.Parse($"clan.core.vars.generators.<name>.files.<name>.{a}")),
        OptionPath.Parse("clan.core.vars.generators.<name>.prompts"),
        .. new[] { "name", "description", "type", "persist", "display.group", "display.label", "display.required", "display.helperText" }
            .Select(a => OptionPath.Parse($"clan.core.vars.generators.<name>.prompts.<name>.{a}")),
        .. new[] { "secretStore", "publicStore", "recipients.hosts", "recipients.default" }.Select(a => OptionPath.Parse($"clan.core.vars.settings.{a}")),
        OptionPath.Parse("clan.core.vars.password-store.passCommand"),
        OptionPath.Parse("clan.core.vars.password-store.secretLocation"),
        OptionPath.Parse("clan.core.vars.age.secretLocation"),
        OptionPath.Parse("clan.core.vars.sops.secretUploadDirectory"),
    ];

    public const string DefaultSecretLocation = "/etc/secret-vars";
    public const string DefaultSopsUploadDirectory = "/var/lib/sops-nix";

    /// <summary>How a store path is written in predictions: the hash is not computed.</summary>
    public static string StorePath(string name) => "<store>/" + name;

    public static VarsPrediction Predict(VarsSpec spec)
    {
        spec = spec with { Generators = [.. spec.Generators, .. BuiltIn(spec)] };
        var generators = spec.Generators.OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Name, g => Generator(spec, g));
        var prediction = new VarsPrediction(generators, Warnings(spec), Settings(spec));
        return Store(spec) == SecretStore.Sops && spec.Evaluation == VarsEvaluation.Machine
            ? prediction with { SopsSecrets = SopsSecrets.Map(spec.Directory, spec.Class.ToNix(), SopsView(spec), p => spec.ExistingFiles.ContainsKey(Relative(spec, p))) }
            : prediction;
    }

    /// <summary>
    /// The generators clan-core adds itself: on a NixOS machine with the recommended defaults,
    /// <c>state-version</c> with one public file <c>version</c> whose value is <c>mkDefault</c> the
    /// NixOS release (so it holds before the file is generated), and whose script echoes the state
    /// version (that value) into it.
    /// </summary>
    public static IReadOnlyList<GeneratorSpec> BuiltIn(VarsSpec spec)
    {
        if (spec.Evaluation != VarsEvaluation.Machine || spec.Class != MachineClass.Nixos || !spec.RecommendedDefaults || spec.NixosRelease is not { } release) return [];
        if (spec.Generators.Any(g => g.Name == StateVersion)) return [];
        var generated = spec.ExistingFiles.GetValueOrDefault($"vars/per-machine/{spec.Machine}/{StateVersion}/version/value");
        // removeSuffix "\n": one newline, the one `echo` would have written.
        var version = generated ?? release;
        if (version.EndsWith('\n')) version = version[..^1];
        return [new GeneratorSpec(StateVersion)
        {
            Files = [new VarFileSpec("version") { Secret = false, DefaultValue = release }],
            Script = $"echo -n {version} > \"$out\"/version\n",
        }];
    }

    public const string StateVersion = "state-version";

    /// <summary>The secret store in effect (<c>secretStore</c>, default sops).</summary>
    public static SecretStore Store(VarsSpec spec) => spec.Settings.SecretStore ?? SecretStore.Sops;

    /// <summary>A file's directory below <c>vars/</c> (<c>GeneratorId.rel_dir</c>): <c>shared/{g}</c> or <c>per-machine/{machine}/{g}</c>.</summary>
    public static string RelDir(VarsSpec spec, GeneratorSpec generator) =>
        generator.Share == true ? $"shared/{generator.Name}" : $"per-machine/{spec.Machine}/{generator.Name}";

    /// <summary>
    /// A generator's files as evaluated: the declared ones, plus one per persisted prompt (a file of
    /// the prompt's name with the defaults, merged with a declared file of that name).
    /// </summary>
    public static IReadOnlyList<VarFileSpec> Files(GeneratorSpec generator)
    {
        var files = generator.Files.ToDictionary(f => f.Name);
        foreach (var prompt in generator.Prompts.Where(p => p.Persist == true))
            files.TryAdd(prompt.Name, new VarFileSpec(prompt.Name));
        return files.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static GeneratorPrediction Generator(VarsSpec spec, GeneratorSpec g)
    {
        var prefix = Prefix(spec) + $"generators.{g.Name}";
        var attributes = new Dictionary<string, Outcome>
        {
            ["name"] = Value(g.Name),
            ["share"] = Value(g.Share ?? false),
            ["dependencies"] = Value(new JsonArray((g.Dependencies ?? []).Select(d => (JsonNode?)d).ToArray())),
            ["script"] = g.ScriptDerivation is { } derivation ? Value(StorePath(derivation)) : Value(g.Script ?? ""),
        };
        if (g.Validation is { } validation && !ValidValidation(validation, 0))
        {
            var error = Outcome.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"{prefix}.validation", Rule + ": validation is nullOr (oneOf [bool int str (attrsOf … two levels)])"));
            attributes["validation"] = error;
            attributes["validationHash"] = error;
        }
        else
        {
            attributes["validation"] = Value(g.Validation?.DeepClone());
            attributes["validationHash"] = Value(g.Validation is null ? null : NixStrings.Sha256(NixStrings.ToJson(g.Validation)));
        }
        var files = Files(g).ToDictionary(f => f.Name, f => (IReadOnlyDictionary<string, Outcome>)File(spec, g, f));
        var prompts = g.Prompts.OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => (IReadOnlyDictionary<string, Outcome>)Prompt(spec, g, p));
        return new GeneratorPrediction(attributes, files, prompts);
    }

    private static readonly string[] PromptTypes = ["hidden", "line", "multiline", "multiline-hidden"];

    private static Dictionary<string, Outcome> Prompt(VarsSpec spec, GeneratorSpec g, PromptSpec p)
    {
        var type = p.Type ?? "line";
        return new Dictionary<string, Outcome>
        {
            ["name"] = Value(p.Name),
            ["description"] = Value(p.Description ?? p.Name),
            ["type"] = PromptTypes.Contains(type) ? Value(type)
                : Outcome.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"{Prefix(spec)}generators.{g.Name}.prompts.{p.Name}.type", Rule + ": prompt type is an enum")),
            ["persist"] = Value(p.Persist ?? false),
            ["display.group"] = Value((string?)null),
            ["display.label"] = Value((string?)null),
            ["display.required"] = Value(true),
            ["display.helperText"] = Value((string?)null),
        };
    }

    /// <summary>A file's attributes (<see cref="FileAttributes"/>), each as reading it alone evaluates.</summary>
    public static Dictionary<string, Outcome> File(VarsSpec spec, GeneratorSpec g, VarFileSpec f)
    {
        var option = $"{Prefix(spec)}generators.{g.Name}.files.{f.Name}";
        var relDir = RelDir(spec, g);
        var secret = f.Secret ?? true;
        var darwin = spec.Class == MachineClass.Darwin;
        var mode = f.Mode ?? "0400";
        var restartUnits = f.RestartUnits ?? [];
        var neededFor = f.NeededFor ?? NeededFor.Services;
        var machine = spec.Evaluation == VarsEvaluation.Machine;

        // in_repo's file module (the public store, always loaded in a machine): flakePath, exists and value of public files.
        string? flakePath = machine && !secret ? $"{spec.Directory}/vars/{relDir}/{f.Name}/value" : null;
        var exists = flakePath is not null && spec.ExistingFiles.ContainsKey(Relative(spec, flakePath));
        var pathError = secret
            ? null
            : flakePath is null ? Throw("flakePath must be set before accessing path", "fileModuleInterface: path needs flakePath")
            : !exists ? Throw($"File '{f.Name}' at '{relDir}' does not exist. Try running 'clan vars generate' first.", "fileModuleInterface: path of a missing file")
            : null;

        return new Dictionary<string, Outcome>
        {
            ["name"] = Value(f.Name),
            ["generatorName"] = Value(g.Name),
            ["rel_dir"] = Value(relDir),
            ["share"] = Value(g.Share ?? false),
            ["secret"] = Value(secret),
            ["deploy"] = Value(f.Deploy ?? true),
            ["neededFor"] = Value(NeededForText(neededFor)),
            ["owner"] = Value(f.Owner ?? "root"),
            ["group"] = Value(f.Group ?? (darwin ? "wheel" : "root")),
            ["mode"] = System.Text.RegularExpressions.Regex.IsMatch(mode, "^[0-7]{4}$")
                ? Value(mode)
                : Outcome.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"{option}.mode", Rule + ": mode is strMatching \"^[0-7]{4}$\"")),
            ["restartUnits"] = darwin && restartUnits.Count > 0
                ? Throw("The restartUnits option is not supported on Darwin systems.", "restartUnits apply: not on Darwin")
                : Value(new JsonArray(restartUnits.Select(u => (JsonNode?)u).ToArray())),
            ["flakePath"] = Value(flakePath),
            ["exists"] = secret ? Throw("Cannot determine existence of secret file", "fileModuleInterface: exists of a secret")
                : Value(exists),
            ["value"] = secret ? Throw("Cannot access value of secret file", "fileModuleInterface: value of a secret")
                : !machine ? Outcome.Fails(new ExpectedError(ErrorKind.NoValueDefined, $"{option}.value", Rule + ": no store defines a public file's value"))
                : exists ? Value(spec.ExistingFiles[Relative(spec, flakePath!)])
                // A mkDefault value (1000) beats in_repo's mkOptionDefault throw (1500).
                : f.DefaultValue is { } fallback ? Value(fallback)
                // in_repo: mkOptionDefault (throw "Please run `clan vars generate …` … ${file.config.path}"): the message reads path, which throws first.
                : pathError!,
            ["path"] = secret ? SecretPath(spec, f.Name, relDir, neededFor, f.Deploy ?? true)
                : pathError ?? Value(StorePath(NixStrings.SanitizeDerivationName($"{relDir}_{f.Name}"))),
        };
    }

    /// <summary>A secret file's path: what the secret store's file module sets (<c>mkIf secret</c>), or the interface's default when none does.</summary>
    private static Outcome SecretPath(VarsSpec spec, string name, string relDir, NeededFor neededFor, bool deploy)
    {
        if (spec.Evaluation == VarsEvaluation.InterfaceOnly)
            return Throw("flakePath must be set before accessing path", "fileModuleInterface: no store sets a secret's path");
        var location = spec.Settings.SecretLocation ?? DefaultSecretLocation;
        switch (Store(spec))
        {
            case SecretStore.Sops:
                var upload = spec.Settings.SopsUploadDirectory ?? DefaultSopsUploadDirectory;
                return neededFor switch
                {
                    NeededFor.Partitioning => Value($"/run/partitioning-secrets/{relDir}/{name}"),
                    NeededFor.Activation => Value($"{upload}/activation/{relDir}/{name}"),
                    // config.sops.secrets.<vars/…>.path or "/no-such-path": sops-nix's default path, when the bridge made the secret.
                    _ => deploy && spec.ExistingFiles.ContainsKey(Relative(spec, SopsSecrets.SourcePath(spec.Directory, relDir, name)))
                        ? Value((neededFor == NeededFor.Users ? "/run/secrets-for-users/" : "/run/secrets/") + SopsSecrets.SecretName(relDir, name))
                        : Value("/no-such-path"),
                };
            case SecretStore.PasswordStore:
            case SecretStore.Age:
                return Value(neededFor switch
                {
                    NeededFor.Users => $"/run/user-secrets/{relDir}/{name}",
                    NeededFor.Services => $"/run/secrets/{relDir}/{name}",
                    NeededFor.Activation => $"{location}/activation/{relDir}/{name}",
                    _ => $"/run/partitioning-secrets/{relDir}/{name}",
                });
            default:
                // custom: no module sets the path, and in_repo sets flakePath for public files only.
                return Throw("flakePath must be set before accessing path", "fileModuleInterface: a custom store sets no path");
        }
    }

    /// <summary>
    /// clan-core's vars module warns once per public file whose owner, group or mode is not the
    /// default (root, root or wheel on Darwin, 0400): generators in name order, files in name order.
    /// </summary>
    private static Outcome Warnings(VarsSpec spec)
    {
        if (spec.Evaluation != VarsEvaluation.Machine) return Value(new JsonArray());
        var warnings = new JsonArray();
        var rootGroup = spec.Class == MachineClass.Darwin ? "wheel" : "root";
        foreach (var g in spec.Generators.OrderBy(g => g.Name, StringComparer.Ordinal))
            foreach (var f in Files(g).Where(f => f.Secret == false))
            {
                var owner = f.Owner ?? "root";
                var group = f.Group ?? rootGroup;
                var mode = f.Mode ?? "0400";
                if (owner == "root" && group == rootGroup && mode == "0400") continue;
                warnings.Add(
                    $"The config.clan.core.vars.generators.{g.Name}.files.{f.Name} is not secret:\n" +
                    (owner != "root" ? $"The owner is set to {owner}, but should be root.\n" : "") + "\n" +
                    (group != rootGroup ? $"The group is set to {group}, but should be {rootGroup}.\n" : "") + "\n" +
                    (mode != "0400" ? $"The mode is set to {mode}, but should be 0400.\n" : "") + "\n" +
                    "This doesn't work because the file will be added to the nix store\n");
            }
        return Value(warnings);
    }

    /// <summary><c>vars.settings</c> with settings-opts.nix's defaults, and the store options the vars module declares for every class.</summary>
    private static Dictionary<string, Outcome> Settings(VarsSpec spec)
    {
        var store = Store(spec);
        var storeName = StoreName(store);
        return new Dictionary<string, Outcome>
        {
            ["secretStore"] = Value(storeName),
            ["publicStore"] = Value("in_repo"),
            // stores declares fs, sops, password-store and age: a custom store has no python module entry.
            ["secretModule"] = store == SecretStore.Custom
                ? Outcome.Fails(new ExpectedError(ErrorKind.AttributeMissing, "attribute 'custom' missing", Rule + ": stores has no custom entry"))
                : Value("clan_lib.vars.secret_modules." + storeName.Replace('-', '_')),
            ["publicModule"] = Value("clan_lib.vars.public_modules.in_repo"),
            ["recipients"] = Value(new JsonObject { ["default"] = new JsonArray(), ["hosts"] = new JsonObject() }),
            // password-store.nix is imported for every class (the eval test backends.nix guards that darwin has it too).
            ["password-store.passCommand"] = Value("passage"),
            ["password-store.secretLocation"] = Value(spec.Settings.SecretLocation ?? DefaultSecretLocation),
            ["age.secretLocation"] = Value(spec.Settings.SecretLocation ?? DefaultSecretLocation),
            ["sops.secretUploadDirectory"] = Value(spec.Settings.SopsUploadDirectory ?? DefaultSopsUploadDirectory),
        };
    }

    public static string StoreName(SecretStore store) => store switch
    {
        SecretStore.Sops => "sops",
        SecretStore.PasswordStore => "password-store",
        SecretStore.Age => "age",
        _ => "custom",
    };

    public static string NeededForText(NeededFor n) => n.ToString().ToLowerInvariant();

    /// <summary>The generators as the sops bridge reads them (defaults applied, rel_dir from the placement).</summary>
    public static IReadOnlyList<SopsGenerator> SopsView(VarsSpec spec) =>
        spec.Generators.Select(g => new SopsGenerator(g.Name, g.Share ?? false, Files(g).Select(f => new SopsFile(
            f.Name, f.Secret ?? true, f.Deploy ?? true, f.NeededFor ?? NeededFor.Services, f.Owner ?? "root",
            f.Group ?? (spec.Class == MachineClass.Darwin ? "wheel" : "root"), f.Mode ?? "0400", f.RestartUnits ?? [], RelDir(spec, g))).ToList())).ToList();

    private static bool ValidValidation(JsonNode node, int depth) => node switch
    {
        JsonValue v => v.TryGetValue<bool>(out _) || v.TryGetValue<long>(out _) || v.TryGetValue<string>(out _),
        JsonObject o => depth < 2 && o.All(kv => kv.Value is not null && ValidValidation(kv.Value, depth + 1)),
        _ => false,
    };

    /// <summary>The prefix of option paths in error messages: the machine's <c>clan.core.vars.</c>, none for the interface alone.</summary>
    private static string Prefix(VarsSpec spec) => spec.Evaluation == VarsEvaluation.Machine ? "clan.core.vars." : "";

    private static string Relative(VarsSpec spec, string path) =>
        path.StartsWith(spec.Directory + "/", StringComparison.Ordinal) ? path[(spec.Directory.Length + 1)..] : path;

    private static Outcome Value(JsonNode? value) => Outcome.Value(value, Rule);

    private static Outcome Value(string? value) => Outcome.Value(value is null ? null : JsonValue.Create(value), Rule);

    private static Outcome Value(bool value) => Outcome.Value(JsonValue.Create(value), Rule);

    private static Outcome Throw(string message, string rule) => Outcome.Fails(new ExpectedError(ErrorKind.Throw, message, Rule + ": " + rule));
}
