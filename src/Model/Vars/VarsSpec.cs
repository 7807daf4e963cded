using System.Text.Json.Nodes;
using Conformance.Model.Cases;

namespace Conformance.Model.Vars;

/// <summary>
/// A machine's vars as a clan author writes them (<c>clan.core.vars</c>): the generators, the
/// clan's vars settings, and the files already generated into the clan's directory. Every option a
/// user may leave unset is null here, so the model applies clan-core's defaults itself.
/// </summary>
/// <param name="Machine">The machine's name (<c>clan.core.settings.machine.name</c>): per-machine files live under <c>vars/per-machine/&lt;machine&gt;</c>.</param>
/// <param name="Class">The machine's class: its pkgs' host platform decides a file's default group and whether <c>restartUnits</c> is allowed.</param>
public sealed record VarsSpec(string Machine, MachineClass Class)
{
    /// <summary>How the vars options are evaluated: inside a clan machine (clan-core's vars module and its stores), or the interface alone (clan-core's own eval tests).</summary>
    public VarsEvaluation Evaluation { get; init; } = VarsEvaluation.Machine;

    /// <summary>The clan's directory as Nix prints it (<c>clan.core.settings.directory</c>), e.g. a store path; files are looked up below it.</summary>
    public string Directory { get; init; } = "/clan";

    public VarsSettingsSpec Settings { get; init; } = new();

    public IReadOnlyList<GeneratorSpec> Generators { get; init; } = [];

    /// <summary>
    /// The files the clan's directory holds, by path relative to it (<c>vars/per-machine/m/g/f/value</c>,
    /// <c>vars/shared/g/f/secret</c>), with their contents: what <c>clan vars generate</c> wrote.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExistingFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>clan.core.enableRecommendedDefaults</c> (default true): on NixOS it enables clan-core's own
    /// <c>state-version</c> generator (nixosModules/clanCore/defaults.nix, state-version/default.nix).
    /// </summary>
    public bool RecommendedDefaults { get; init; } = true;

    /// <summary>
    /// nixpkgs' NixOS release (<c>config.system.nixos.release</c>, e.g. <c>26.11</c>): the
    /// <c>state-version</c> generator's value until its file is generated. Null: not known, and the
    /// built-in generator is left out of the prediction (a case that evaluates NixOS machines must give it).
    /// </summary>
    public string? NixosRelease { get; init; }

    public GeneratorSpec? FindGenerator(string name) => Generators.FirstOrDefault(g => g.Name == name);
}

/// <summary>Where the vars options are evaluated.</summary>
public enum VarsEvaluation
{
    /// <summary>A clan machine: clan-core's <c>nixosModules/clanCore/vars</c> with the public store's and the secret store's file modules.</summary>
    Machine,

    /// <summary>
    /// <c>interface.nix</c> evaluated alone with <c>lib.evalModules</c> (clan-core's
    /// <c>eval-tests/default.nix</c>): no store sets a file's path, flakePath or value.
    /// </summary>
    InterfaceOnly,
}

/// <summary><c>clan.vars.settings</c> (or the machine's <c>clan.core.vars.settings</c>); null: the default.</summary>
public sealed record VarsSettingsSpec
{
    /// <summary><c>secretStore</c>: sops (default), password-store, age or custom.</summary>
    public SecretStore? SecretStore { get; init; }

    /// <summary><c>password-store.secretLocation</c> / <c>age.secretLocation</c> (default <c>/etc/secret-vars</c>).</summary>
    public string? SecretLocation { get; init; }

    /// <summary><c>sops.secretUploadDirectory</c> (default <c>/var/lib/sops-nix</c>).</summary>
    public string? SopsUploadDirectory { get; init; }
}

public enum SecretStore
{
    Sops,
    PasswordStore,
    Age,
    Custom,
}

public enum NeededFor
{
    Partitioning,
    Activation,
    Users,
    Services,
}

/// <summary>One generator (<c>clan.core.vars.generators.&lt;name&gt;</c>).</summary>
public sealed record GeneratorSpec(string Name)
{
    public bool? Share { get; init; }

    public IReadOnlyList<VarFileSpec> Files { get; init; } = [];

    public IReadOnlyList<PromptSpec> Prompts { get; init; } = [];

    /// <summary>Null: unset (default <c>[ ]</c>).</summary>
    public IReadOnlyList<string>? Dependencies { get; init; }

    /// <summary><c>validation</c>: null (the default) or a JSON value of the allowed shapes (bool, int, string, attribute sets of those two levels deep).</summary>
    public JsonNode? Validation { get; init; }

    /// <summary><c>script</c> as text; null: unset (default <c>""</c>) unless <see cref="ScriptDerivation"/>.</summary>
    public string? Script { get; init; }

    /// <summary>The name of the derivation <c>script</c> is set to (a writer such as <c>pkgs.writeShellScript</c>): its value is that store path.</summary>
    public string? ScriptDerivation { get; init; }

    public VarFileSpec? FindFile(string name) => Files.FirstOrDefault(f => f.Name == name);
}

/// <summary>One file of a generator (<c>files.&lt;name&gt;</c>); null: unset.</summary>
public sealed record VarFileSpec(string Name)
{
    /// <summary>A value defined at <c>mkDefault</c> (clan-core's state-version generator does this): used while the file is not generated.</summary>
    public string? DefaultValue { get; init; }

    public bool? Secret { get; init; }
    public bool? Deploy { get; init; }
    public NeededFor? NeededFor { get; init; }
    public string? Owner { get; init; }
    public string? Group { get; init; }
    public string? Mode { get; init; }
    public IReadOnlyList<string>? RestartUnits { get; init; }
}

/// <summary>One prompt of a generator (<c>prompts.&lt;name&gt;</c>); null: unset.</summary>
public sealed record PromptSpec(string Name)
{
    public bool? Persist { get; init; }
    public string? Description { get; init; }
    public string? Type { get; init; }
}
