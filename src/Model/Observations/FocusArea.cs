using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

/// <summary>
/// The semantic areas a field belongs to: what <c>--focus</c> selects and what the per-area
/// properties check. A field can belong to several.
/// </summary>
public enum FocusArea
{
    /// <summary>pkgsForSystem call counts and the package sets of clanInternals copies.</summary>
    PkgsForSystem,

    /// <summary>mkForce / mkDefault / mkOverride / mkIf outcomes, clan's overridePkgs included.</summary>
    Priorities,

    /// <summary>Overlay order (marker trails).</summary>
    Overlays,

    /// <summary>nixpkgs.config merging and whether pkgs honour it.</summary>
    NixpkgsConfig,

    /// <summary>Definition order of list options (lib.modules collection order, mkOrder).</summary>
    ModuleOrder,

    /// <summary>networking.hostName (clan's mkDefault name and type checks).</summary>
    HostName,

    /// <summary>Service roles by machine and tag, and unmatched-tag warnings.</summary>
    Roles,

    /// <summary>nixosConfigurations / darwinConfigurations / nixosModules split by class.</summary>
    Classes,

    /// <summary>Which machines exist and their tags (clan.machines, inventory, inventory.json, machines/).</summary>
    Inventory,

    /// <summary>Fields where the model or Nix reports an evaluation error.</summary>
    Errors,

    /// <summary>Clan services: settings resolution, perInstance/perMachine arguments, membership, module order, service warnings and errors.</summary>
    Services,

    /// <summary>Evaluation cost: nixpkgs instances per path and system, Nix's evaluator counters (<c>--cost</c>).</summary>
    Cost,

    /// <summary>Deploy addresses: clan.core.networking.{targetHost, buildHost} and their domain default, inventory deploy.*.</summary>
    Deploy,

    /// <summary>The clan's directory: clan.directory in a subfolder, machine discovery, relativeDirectory, facter reports.</summary>
    Layout,

    /// <summary>Clan and machine metadata: inventory.meta (Nix and inventory.json), machine name/description/icon/installedAt.</summary>
    Meta,
}

public static class FocusAreas
{
    /// <summary>CLI names (kebab-case) of every area.</summary>
    public static string Name(FocusArea area) => area switch
    {
        FocusArea.PkgsForSystem => "pkgs-for-system",
        FocusArea.Priorities => "priorities",
        FocusArea.Overlays => "overlays",
        FocusArea.NixpkgsConfig => "nixpkgs-config",
        FocusArea.ModuleOrder => "module-order",
        FocusArea.HostName => "hostname",
        FocusArea.Roles => "roles",
        FocusArea.Classes => "classes",
        FocusArea.Inventory => "inventory",
        FocusArea.Services => "services",
        FocusArea.Cost => "cost",
        FocusArea.Deploy => "deploy",
        FocusArea.Layout => "layout",
        FocusArea.Meta => "meta",
        _ => "errors",
    };

    public static IReadOnlyList<string> AllNames => Enum.GetValues<FocusArea>().Select(Name).ToList();

    public static FocusArea? Parse(string name) => Enum.GetValues<FocusArea>().Cast<FocusArea?>().FirstOrDefault(a => Name(a!.Value) == name);

    /// <summary>The areas a field belongs to, given what was expected and what Nix did.</summary>
    public static IReadOnlySet<FocusArea> Of(FieldKey key, Outcome? expected = null, Observed? actual = null)
    {
        var areas = new HashSet<FocusArea>();
        if (expected is ErrorOutcome || actual is ObservedError) areas.Add(FocusArea.Errors);
        if (key.IsPkgsForSystemCalls) areas.Add(FocusArea.PkgsForSystem);
        if (key.Scope == Scope.Cost) areas.Add(FocusArea.Cost);
        if (key.Counter == CostCounter.Instances) areas.Add(FocusArea.PkgsForSystem);
        if (key.Field == StderrFields.Warnings) areas.Add(FocusArea.Roles);
        if (key.Scope == Scope.Stderr && key.Field == StderrFields.CoreWarnings) areas.Add(FocusArea.Inventory);
        if (key.Scope == Scope.Stderr && key.Field == StderrFields.ServiceWarnings) areas.Add(FocusArea.Services);
        if (key.Scope == Scope.Stderr && key.Field == StderrFields.MetaWarnings) areas.Add(FocusArea.Meta);
        // The field's own areas (its descriptor), and those it adds in the clanInternals copies.
        if (key.Descriptor is { } field) areas.UnionWith(field.Areas);
        if (key.Scope == Scope.Internals && key.MachineField is { } machineField) areas.UnionWith(machineField.InternalsAreas);
        return areas;
    }
}
