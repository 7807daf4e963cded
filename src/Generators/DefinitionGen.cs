using Conformance.Model.Cases;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>Generators for definitions, their priorities and orders.</summary>
public static class DefinitionGen
{
    /// <summary>Plain most of the time; mkForce, mkDefault, mkOverride at boundaries, and option-default priority less often.</summary>
    public static Gen<Priority> Priority() =>
        Gen.Frequency(
            (50, Gen.Constant(Conformance.Model.Cases.Priority.Plain)),
            (15, Gen.Constant(Conformance.Model.Cases.Priority.Force)),
            (15, Gen.Constant(Conformance.Model.Cases.Priority.Default)),
            (4, Gen.Constant(Conformance.Model.Cases.Priority.OptionDefault)),
            (16, Gen.Elements(Pools.OverridePriorities).Select(Conformance.Model.Cases.Priority.Override)));

    /// <summary>Mostly plain priority: for options where priority is not the point.</summary>
    public static Gen<Priority> MostlyPlain() =>
        Gen.Frequency((85, Gen.Constant(Conformance.Model.Cases.Priority.Plain)), (15, Priority()));

    public static Gen<Order> Order() => Order(Pools.Orders);

    /// <summary>Mostly plain, else mkBefore, mkAfter or an explicit mkOrder from <paramref name="explicitOrders"/>.</summary>
    public static Gen<Order> Order(int[] explicitOrders) =>
        Gen.Frequency(
            (55, Gen.Constant(Conformance.Model.Cases.Order.Plain)),
            (15, Gen.Constant(Conformance.Model.Cases.Order.Before)),
            (15, Gen.Constant(Conformance.Model.Cases.Order.After)),
            (15, Gen.Elements(explicitOrders).Select(Conformance.Model.Cases.Order.Of)));

    /// <summary><c>mkIf false</c> one time in ten, <c>mkIf true</c> one in twenty.</summary>
    public static Gen<bool?> Condition() =>
        Gen.Frequency((85, Gen.Constant<bool?>(null)), (10, Gen.Constant<bool?>(false)), (5, Gen.Constant<bool?>(true)));

    /// <summary>
    /// One definition for a module. Overlay and package-set marker ids are placeholders, numbered
    /// per case afterwards (<see cref="ClanCaseGen"/>); <paramref name="allowInputs"/> allows
    /// <c>nixpkgs.pkgs</c> (dendritic modules only: they have the flake's inputs in scope).
    /// </summary>
    public static Gen<Definition> Definition(bool allowInputs)
    {
        var kinds = new List<(int, Gen<Definition>)>
        {
            (20, from v in Gen.Elements(Pools.ScalarValues) from p in Priority() select (Definition)new ScalarDef(v) { Priority = p }),
            (8, from v in Gen.Elements(Pools.ScalarValues) from p in Priority() select (Definition)new UniqueDef(v) { Priority = p }),
            (22, from items in Gen.Elements(Pools.ListItems).ListOf().Select(l => l.Take(2).ToList()).Where(l => l.Count > 0)
                 from o in Order() from p in MostlyPlain()
                 select (Definition)new ListDef(items) { Order = o, Priority = p }),
            (10, from v in Gen.Elements(Pools.HostNames) from p in Priority() select (Definition)new HostNameDef(v) { Priority = p }),
            (16, from o in Order() from p in MostlyPlain() select (Definition)new OverlayDef("?") { Order = o, Priority = p }),
            (18, from entries in ConfigEntries() from p in MostlyPlain() select (Definition)new NixpkgsConfigDef(entries) { Priority = p }),
            (4, from s in Gen.Elements(Systems.X86_64Linux, Systems.Aarch64Linux, Systems.Aarch64Darwin) from p in Priority()
                select (Definition)new HostPlatformDef(s) { Priority = p }),
        };
        if (allowInputs)
            kinds.Add((10, from s in Gen.Elements(Systems.X86_64Linux, Systems.Aarch64Linux)
                          from p in Gen.Elements(Conformance.Model.Cases.Priority.Plain, Conformance.Model.Cases.Priority.Force, Conformance.Model.Cases.Priority.Override(10))
                          select (Definition)new NixpkgsPkgsDef(s, "?") { Priority = p }));
        return from d in Gen.Frequency(kinds) from c in Condition() select d with { Condition = c };
    }

    /// <summary>0–2 distinct <c>nixpkgs.config.conformance</c> keys (an empty <c>{ }</c> definition is an edge case of the assertion).</summary>
    public static Gen<IReadOnlyList<ConfigEntry>> ConfigEntries() =>
        from keys in Gen.SubListOf(Pools.ConfigKeys)
        from values in Gen.Elements(Pools.ConfigValues).ArrayOf(keys.Count)
        select (IReadOnlyList<ConfigEntry>)keys.Take(2).Select((k, i) => new ConfigEntry(k, values[i])).ToList();
}
