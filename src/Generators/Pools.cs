using Conformance.Model.Cases;

namespace Conformance.Generators;

/// <summary>
/// The literals generated values are drawn from. Small pools on purpose: equal values must
/// collide often enough to exercise equality merges, shared tags and diamonds.
/// </summary>
public static class Pools
{
    /// <summary>Ordinary machine names.</summary>
    public static readonly string[] MachineNames = ["alpha", "beta", "gamma", "web", "db", "mac"];

    /// <summary>
    /// Edge-case machine names, each probing a rule: underscores (valid NixOS hostname, invalid
    /// nix-darwin one), dots (the reverse), leading digit, the 63-character limit and one past it,
    /// a leading dash, non-ASCII, a space, and Nix metacharacters (which must survive rendering).
    /// </summary>
    public static readonly string[] EdgeMachineNames =
    [
        "a_b", "a.b", "1node", "x", new string('n', 63), new string('m', 64), "-lead", "ü-node", "a b", "dollar${x}", "quo\"te", "back\\slash", "it's",
    ];

    /// <summary>Tags, including the reserved computed ones (<c>all</c>, <c>nixos</c>, <c>darwin</c>).</summary>
    public static readonly string[] Tags = ["cloud", "db", "edge", "laptop", "all", "nixos", "darwin"];

    /// <summary>A tag no machine ever has (resolveTags warns about it).</summary>
    public const string UnknownTag = "nosuchtag";

    /// <summary>A machine name no case declares (roles may still reference it).</summary>
    public const string GhostMachine = "ghost";

    public static readonly string[] ScalarValues = ["a", "b", "c"];

    public static readonly string[] ListItems = ["l1", "l2", "l3", "l4", "l5", "l6"];

    public static readonly string[] HostNames = ["host-a", "host-b", "under_score", "dot.ted", ""];

    public static readonly string[] ConfigKeys = ["a", "b", "c"];

    public static readonly string[] ConfigValues = ["x", "y", "z"];

    /// <summary>Override priorities around every boundary that matters: mkForce (50), plain (100), mkDefault (1000), option defaults (1500).</summary>
    public static readonly int[] OverridePriorities = [0, 10, 49, 50, 51, 99, 100, 101, 950, 999, 1000, 1001, 1499, 1500, 1501, 2000];

    /// <summary>Orders around mkBefore (500), plain (1000), mkAfter (1500).</summary>
    public static readonly int[] Orders = [0, 499, 500, 501, 999, 1000, 1001, 1499, 1500, 1501, 2000];

    public static readonly string[] FlakeSystems = [Systems.X86_64Linux, Systems.Aarch64Linux, Systems.Aarch64Darwin, Systems.X86_64Darwin];
}
