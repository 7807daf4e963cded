namespace Conformance.Model.Observations;

/// <summary>Where in a clan's flake outputs a field is read.</summary>
public enum Scope
{
    /// <summary>Clan-wide outputs: configuration names, inventory.</summary>
    Clan,

    /// <summary><c>nixosConfigurations.&lt;m&gt;</c> or <c>darwinConfigurations.&lt;m&gt;</c>: what users deploy.</summary>
    Configuration,

    /// <summary><c>clanInternals.machines.&lt;system&gt;.&lt;m&gt;</c>: the per-system copies with overridePkgs (vars generation).</summary>
    Internals,

    /// <summary>Read from stderr (traces, warnings), not from the JSON value.</summary>
    Stderr,

    /// <summary>Clan services, read from clan-core's service evaluations (no machine evaluation).</summary>
    Service,

    /// <summary>
    /// What evaluating one path of a case costs (nixpkgs instances, Nix's evaluator counters), read
    /// from <c>NIX_SHOW_STATS</c> of a process that evaluates only that path's fields
    /// (<see cref="CostFields"/>).
    /// </summary>
    Cost,
}
