namespace Conformance.Model.Cases;

/// <summary>
/// One generated clan: everything the renderer writes and the oracle reasons about.
/// Plain data; equality for deduplication and fingerprints goes through <see cref="CaseJson"/>.
/// </summary>
public sealed record ClanCase(string Id)
{
    /// <summary><c>clan.meta.name</c>.</summary>
    public string ClanName { get; init; } = "conformance";

    /// <summary>flake-parts <c>systems</c>: the systems perSystem (and so <c>perSystem.clan.pkgs</c>) exists for.</summary>
    public IReadOnlyList<string> FlakeSystems { get; init; } = [Systems.X86_64Linux];

    public PkgsForSystemSpec PkgsForSystem { get; init; } = PkgsForSystemSpec.Unset;

    public IReadOnlyList<MachineSpec> Machines { get; init; } = [];

    /// <summary>The module pool machines and configuration.nix files import from.</summary>
    public IReadOnlyList<ModuleSpec> Modules { get; init; } = [];

    public IReadOnlyList<InstanceSpec> Instances { get; init; } = [];

    public IReadOnlyList<StaticTag> StaticTags { get; init; } = [];

    /// <summary>
    /// <c>clan.specialArgs</c>: extra module arguments clan-core passes to every machine's
    /// nixosSystem/darwinSystem (next to its own <c>clan-core</c>). Names start with <c>conformance</c>.
    /// </summary>
    public IReadOnlyList<SpecialArg> SpecialArgs { get; init; } = [];

    /// <summary>
    /// Attributes of the <c>clan-core</c> module argument that a module of every
    /// <c>clan.machines.&lt;name&gt;</c> reads (forces), as users do (<c>clan-core.inputs.…</c>). Since
    /// clan-core #6503 reading one that is not public warns.
    /// </summary>
    public IReadOnlyList<string> CoreReads { get; init; } = [];

    /// <summary>Systems whose <c>clanInternals.machines.&lt;system&gt;</c> copies are observed (each costs a NixOS evaluation per machine).</summary>
    public IReadOnlyList<string> InspectSystems { get; init; } = [];

    /// <summary><c>clan.modules.&lt;name&gt;</c>: clan services the case defines (instances reach them with <c>module.input = "self"</c>).</summary>
    public IReadOnlyList<ServiceSpec> Services { get; init; } = [];

    /// <summary>Flake inputs, mocked through <c>clan.self.inputs</c>, that expose clan services.</summary>
    public IReadOnlyList<InputServices> InputServices { get; init; } = [];

    /// <summary><c>clan.meta.domain</c>; null: unset (clan's default "clan").</summary>
    public string? Domain { get; init; }

    /// <summary><c>clan.directory</c> in a subfolder of the flake; null: the flake's root.</summary>
    public DirectoryLayout? Layout { get; init; }

    /// <summary><c>clan.meta</c>'s description, icon and tld, and <c>inventory.json</c>'s meta; null: none of them.</summary>
    public MetaSpec? Meta { get; init; }

    /// <summary>Tags from <c>inventory.json</c> and computed by <c>inventory.tags</c>'s function form; null: none.</summary>
    public TagSources? TagSources { get; init; }

    /// <summary>Where <c>inventory.json</c>, <c>machines/</c> and facter reports live, relative to the flake's root ("" for the root).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClanDirectory => Layout?.Directory ?? "";

    /// <summary>
    /// What is observed: everything (<see cref="ObservationShape.Full"/>), or only what needs no
    /// NixOS/nix-darwin machine evaluation (<see cref="ObservationShape.Services"/>: clan outputs,
    /// the service evaluations, stderr), which is what makes service cases cheap.
    /// </summary>
    public ObservationShape Shape { get; init; } = ObservationShape.Full;

    /// <summary>
    /// Whether the case's evaluation cost is observed too (<c>--cost</c>): nixpkgs instances and Nix's
    /// evaluator counters per path, each path in a process of its own (<see cref="Observations.CostFields"/>).
    /// Part of the case so that shrinking, replaying and bisecting keep observing it. Written only
    /// when set, so cases without it keep their JSON (and fingerprints).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ObserveCost { get; init; }

    /// <summary>
    /// The generator's choices that made this case (null: not generated, or saved before choices
    /// were recorded). Not part of what the case is: equality (<see cref="CaseJson.Same"/>) and
    /// reduction labels ignore it. Written last, so a case.json reads as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(1)]
    public CaseChoices? Choices { get; init; }

    public ModuleSpec? FindModule(string id) => Modules.FirstOrDefault(m => m.Id == id);

    /// <summary>The service an instance's module reference resolves to, if the case defines it (locally or under a mocked input).</summary>
    public ServiceSpec? FindService(ModuleRef module) => module.Input switch
    {
        ModuleRef.Self => Services.FirstOrDefault(s => s.Name == module.Name),
        null => null,
        var input => InputServices.FirstOrDefault(i => i.Input == input)?.Services.FirstOrDefault(s => s.Name == module.Name),
    };
}

/// <summary>Which fields of a case are observed (see <see cref="ClanCase.Shape"/>).</summary>
public enum ObservationShape
{
    /// <summary>Every field, machine evaluations included.</summary>
    Full,

    /// <summary>No machine evaluation: the clan outputs, the service evaluations, stderr.</summary>
    Services,
}

/// <summary>One <c>clan.specialArgs.&lt;name&gt; = "&lt;value&gt;"</c> definition.</summary>
public sealed record SpecialArg(string Name, string Value);
