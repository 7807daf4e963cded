using Conformance.Model.Observations;

namespace Conformance.Model.Causes;

/// <summary>
/// What a field is about, coarser than the field itself: a change upstream usually moves several
/// fields of one aspect at once (a new source of pkgs changes the overlay trail, the config pkgs
/// were built with, nixpkgs' assertions and who calls pkgsForSystem), so causes are keyed by
/// aspect, not by the exact fields a random case happened to touch.
/// </summary>
public enum Aspect
{
    /// <summary>The package set and the nixpkgs.* options: platform, overlays, config, assertions, pkgsForSystem calls.</summary>
    Nixpkgs,

    /// <summary>Option values decided by the module system: hostName, priorities, list order.</summary>
    Options,

    /// <summary>Service role membership (by machine and tag) and the warnings resolving it prints.</summary>
    Roles,

    /// <summary>What clan passes to every machine: clan.core.settings, specialArgs.</summary>
    MachineArgs,

    /// <summary>Clan services: resolved settings, perInstance/perMachine arguments, module order.</summary>
    Services,

    /// <summary>The inventory: machines, classes, tags.</summary>
    Inventory,

    /// <summary>The shape of the outputs: nixosConfigurations, darwinConfigurations, nixosModules, the systems of clanInternals.machines.</summary>
    Outputs,

    /// <summary>What evaluating costs: nixpkgs instances, Nix's evaluator counters (thunks, calls, …).</summary>
    Cost,

    /// <summary>Where machines are deployed and built: clan.core.networking.{targetHost, buildHost}, inventory deploy.*.</summary>
    Deploy,

    /// <summary>The clan's directory: clan.directory, relativeDirectory, machines/&lt;m&gt;/facter.json.</summary>
    Layout,
}

public static class Aspects
{
    public static string Name(Aspect aspect) => aspect switch
    {
        Aspect.Nixpkgs => "nixpkgs",
        Aspect.Options => "options",
        Aspect.Roles => "roles",
        Aspect.MachineArgs => "machine-args",
        Aspect.Services => "services",
        Aspect.Inventory => "inventory",
        Aspect.Cost => "cost",
        Aspect.Deploy => "deploy",
        Aspect.Layout => "layout",
        _ => "outputs",
    };

    public static Aspect? Parse(string name) => Enum.GetValues<Aspect>().Cast<Aspect?>().FirstOrDefault(a => Name(a!.Value) == name);

    /// <summary>In plain words, for titles.</summary>
    public static string Describe(Aspect aspect) => aspect switch
    {
        Aspect.Nixpkgs => "the package set (pkgs, nixpkgs.* options, pkgsForSystem calls)",
        Aspect.Options => "option values (hostName, priorities, list order)",
        Aspect.Roles => "service role membership",
        Aspect.MachineArgs => "what clan passes to machines (clan.core.settings, specialArgs, the clan-core argument)",
        Aspect.Services => "service settings and arguments",
        Aspect.Inventory => "the inventory (machines, classes, tags)",
        Aspect.Cost => "evaluation cost (nixpkgs instances, Nix's evaluator counters)",
        Aspect.Deploy => "deploy addresses (clan.core.networking targetHost/buildHost, inventory deploy.*)",
        Aspect.Layout => "the clan's directory (clan.directory, relativeDirectory, facter reports)",
        _ => "the shape of the outputs (nixos/darwinConfigurations, nixosModules, clanInternals systems)",
    };

    /// <summary>The aspect of a field.</summary>
    public static Aspect Of(FieldKey key)
    {
        if (key.Scope == Scope.Cost) return Aspect.Cost;
        if (key.IsPkgsForSystemCalls) return Aspect.Nixpkgs;
        if (key.Field == StderrFields.Warnings) return Aspect.Roles;
        if (key.Scope == Scope.Stderr && key.Field == StderrFields.CoreWarnings) return Aspect.MachineArgs;
        if (key.Scope == Scope.Stderr && key.Field == StderrFields.ServiceWarnings) return Aspect.Services;
        if (key.Scope == Scope.Stderr && key.Field == StderrFields.MetaWarnings) return Aspect.Inventory;
        return key.Descriptor?.Aspect ?? throw new ArgumentException($"{key} names no field descriptor (src/Model/Observations/Fields)");
    }
}
