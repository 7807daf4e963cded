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

    /// <summary>Names of the case's own clan services.</summary>
    public static readonly string[] ServiceNames = ["net", "web", "backup"];

    /// <summary>Role names services define (an instance may name <see cref="UnknownRole"/> instead).</summary>
    public static readonly string[] RoleNames = ["peer", "server", "ctl"];

    /// <summary>A role no service defines.</summary>
    public const string UnknownRole = "nope";

    /// <summary>A settings option no interface declares.</summary>
    public const string UndeclaredOption = "undeclared";

    /// <summary>
    /// The interface options roles pick from: one per type, so a name always has the same type and
    /// the same option appears in several roles, services and levels.
    /// </summary>
    public static readonly (string Name, OptionType Type)[] InterfaceOptions =
    [
        ("name", OptionType.Str), ("port", OptionType.Int), ("enable", OptionType.Bool),
        ("hosts", OptionType.ListOfStr), ("labels", OptionType.AttrsOfStr), ("comment", OptionType.NullOrStr),
    ];

    /// <summary>Small on purpose: equal values merge, different plain ones conflict.</summary>
    public static readonly string[] SettingStrings = ["a", "b"];

    public static readonly int[] SettingInts = [1, 2];

    public static readonly string[] SettingListItems = ["x", "y", "z"];

    public static readonly string[] SettingAttrKeys = ["k1", "k2"];

    /// <summary>Settings priorities at the boundaries: mkForce (50), plain (100), mkDefault (1000), the option default (1500).</summary>
    public static readonly int[] SettingPriorities = [10, 50, 99, 100, 900, 1000, 1500];

    public static readonly int[] SettingOrders = [400, 500, 1000, 1600];

    /// <summary>
    /// Attributes of the clan-core flake a machine module may read through the <c>clan-core</c>
    /// argument: public ones and not (see Model's ClanCoreArgument), all present in every 2026 revision.
    /// </summary>
    public static readonly string[] CoreAttributes = ["clanLib", "lib", "nixosModules", "packages", "inputs", "outPath"];

    /// <summary>Labels of extraModules entries.</summary>
    public static readonly string[] ExtraModuleLabels = ["e1", "e2", "e3"];
}
