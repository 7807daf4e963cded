namespace Conformance.Model.Cases;

/// <summary>
/// A machine and every place that declares it. A machine exists if any of these does:
/// <c>clan.machines.&lt;name&gt;</c>, an inventory entry in Nix or in <c>inventory.json</c>, or a
/// <c>machines/&lt;name&gt;/</c> directory.
/// </summary>
public sealed record MachineSpec(string Name)
{
    /// <summary>Declared in <c>clan.machines.&lt;name&gt;</c> (which imports the probe module and <see cref="Imports"/>).</summary>
    public bool InClanMachines { get; init; }

    /// <summary>Module ids imported by <c>clan.machines.&lt;name&gt;</c>, in order.</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    /// <summary><c>clan.inventory.machines.&lt;name&gt;</c> in a flake-parts module.</summary>
    public InventoryEntry? InventoryNix { get; init; }

    /// <summary><c>machines.&lt;name&gt;</c> in <c>inventory.json</c>.</summary>
    public InventoryEntry? InventoryJson { get; init; }

    /// <summary>A <c>machines/&lt;name&gt;/</c> directory.</summary>
    public MachineDirectory? Directory { get; init; }
}

/// <summary>An inventory entry: class (null: not set here) and tags.</summary>
public sealed record InventoryEntry
{
    public MachineClass? Class { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>name</c> (the machine's display name; defaults to its attribute name); null: not written here.</summary>
    public string? DisplayName { get; init; }

    /// <summary><c>description</c>; null: not written here.</summary>
    public string? Description { get; init; }

    /// <summary><c>icon</c>; null: not written here.</summary>
    public string? Icon { get; init; }

    /// <summary><c>installedAt</c> (unix time); null: not written here.</summary>
    public long? InstalledAt { get; init; }

    /// <summary><c>deploy.{targetHost, buildHost, forwardAgent}</c>; null: not written here.</summary>
    public DeploySpec? Deploy { get; init; }

    /// <summary>Whether anything beyond class and tags is written.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasMetadata => DisplayName is not null || Description is not null || Icon is not null || InstalledAt is not null || Deploy is not null;
}

/// <summary>
/// <c>machines/&lt;name&gt;/</c>. With <see cref="Configuration"/>, it holds that module as
/// <see cref="FileName"/>: clan's forName.nix imports <c>configuration.nix</c> for every machine and
/// <c>hardware-configuration.nix</c> / <c>disko.nix</c> for NixOS machines only. Without, only a
/// placeholder file (the directory alone declares the machine).
/// </summary>
public sealed record MachineDirectory
{
    public const string ConfigurationNix = "configuration.nix";
    public const string HardwareConfigurationNix = "hardware-configuration.nix";
    public const string DiskoNix = "disko.nix";

    public ModuleSpec? Configuration { get; init; }

    public string FileName { get; init; } = ConfigurationNix;

    /// <summary><c>facter.json</c>, a nixos-facter report; null: none.</summary>
    public FacterReport? Facter { get; init; }

    /// <summary>
    /// An empty <c>hardware-configuration.nix</c> (<c>{ }</c>) besides <see cref="Configuration"/>: what a
    /// machine keeps from before it used facter (clan warns when both exist). Only where the
    /// configuration is not itself that file.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool HardwareStub { get; init; }

    public const string FacterJson = "facter.json";

    /// <summary>Whether <c>hardware-configuration.nix</c> exists in the directory.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasHardwareConfiguration => HardwareStub || Configuration is not null && FileName == HardwareConfigurationNix;

    /// <summary>Whether forName.nix imports the file into a machine of class <paramref name="machineClass"/>.</summary>
    public bool IsImportedInto(MachineClass machineClass) =>
        Configuration is not null && (FileName == ConfigurationNix || machineClass == MachineClass.Nixos);
}
