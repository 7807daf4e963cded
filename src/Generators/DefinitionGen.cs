using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>Generators for definitions, their priorities and orders.</summary>
public static class DefinitionGen
{
    /// <summary>Plain most of the time; mkForce, mkDefault, mkOverride at boundaries, and option-default priority less often.</summary>
    public static Draw<Priority> Priority() =>
        Draw.Frequency(
            (50, Draw.Constant(Conformance.Model.Cases.Priority.Plain)),
            (15, Draw.Constant(Conformance.Model.Cases.Priority.Force)),
            (15, Draw.Constant(Conformance.Model.Cases.Priority.Default)),
            (4, Draw.Constant(Conformance.Model.Cases.Priority.OptionDefault)),
            (16, Draw.Elements(Pools.OverridePriorities).Select(Conformance.Model.Cases.Priority.Override)));

    /// <summary>Mostly plain priority: for options where priority is not the point.</summary>
    public static Draw<Priority> MostlyPlain() =>
        Draw.Frequency((85, Draw.Constant(Conformance.Model.Cases.Priority.Plain)), (15, Priority()));

    public static Draw<Order> Order() => Order(Pools.Orders);

    /// <summary>Mostly plain, else mkBefore, mkAfter or an explicit mkOrder from <paramref name="explicitOrders"/>.</summary>
    public static Draw<Order> Order(int[] explicitOrders) =>
        Draw.Frequency(
            (55, Draw.Constant(Conformance.Model.Cases.Order.Plain)),
            (15, Draw.Constant(Conformance.Model.Cases.Order.Before)),
            (15, Draw.Constant(Conformance.Model.Cases.Order.After)),
            (15, Draw.Elements(explicitOrders).Select(Conformance.Model.Cases.Order.Of)));

    /// <summary><c>mkIf false</c> one time in ten, <c>mkIf true</c> one in twenty.</summary>
    public static Draw<bool?> Condition() =>
        Draw.Frequency((85, Draw.Constant<bool?>(null)), (10, Draw.Constant<bool?>(false)), (5, Draw.Constant<bool?>(true)));

    /// <summary>
    /// One definition for a module. Overlay and package-set marker ids are placeholders, numbered
    /// per case afterwards (<see cref="ClanCaseGen"/>); <paramref name="allowInputs"/> allows
    /// <c>nixpkgs.pkgs</c> (dendritic modules only: they have the flake's inputs in scope).
    /// </summary>
    public static Draw<Definition> Definition(bool allowInputs)
    {
        var kinds = new List<(int, Draw<Definition>)>
        {
            (20, from v in Draw.Elements(Pools.ScalarValues) from p in Priority() select (Definition)new ScalarDef(v) { Priority = p }),
            (8, from v in Draw.Elements(Pools.ScalarValues) from p in Priority() select (Definition)new UniqueDef(v) { Priority = p }),
            (22, from items in Draw.Elements(Pools.ListItems).ListOf().Select(l => l.Take(2).ToList()).Where(l => l.Count > 0)
                 from o in Order() from p in MostlyPlain()
                 select (Definition)new ListDef(items) { Order = o, Priority = p }),
            (10, from v in Draw.Elements(Pools.HostNames) from p in Priority() select (Definition)new HostNameDef(v) { Priority = p }),
            (16, from o in Order() from p in MostlyPlain() select (Definition)new OverlayDef("?") { Order = o, Priority = p }),
            (18, from entries in ConfigEntries() from p in MostlyPlain() select (Definition)new NixpkgsConfigDef(entries) { Priority = p }),
            (4, from s in Draw.Elements(Systems.X86_64Linux, Systems.Aarch64Linux, Systems.Aarch64Darwin) from p in Priority()
                select (Definition)new HostPlatformDef(s) { Priority = p }),
        };
        if (allowInputs)
            kinds.Add((10, from s in Draw.Elements(Systems.X86_64Linux, Systems.Aarch64Linux)
                          from p in Draw.Elements(Conformance.Model.Cases.Priority.Plain, Conformance.Model.Cases.Priority.Force, Conformance.Model.Cases.Priority.Override(10))
                          select (Definition)new NixpkgsPkgsDef(s, "?") { Priority = p }));
        return from d in Draw.Frequency(kinds) from c in Condition() select d with { Condition = c };
    }

    /// <summary>0–2 distinct <c>nixpkgs.config.conformance</c> keys (an empty <c>{ }</c> definition is an edge case of the assertion).</summary>
    public static Draw<IReadOnlyList<ConfigEntry>> ConfigEntries() =>
        from keys in Draw.SubListOf(Pools.ConfigKeys)
        from values in Draw.Elements(Pools.ConfigValues).ArrayOf(keys.Count)
        select (IReadOnlyList<ConfigEntry>)keys.Take(2).Select((k, i) => new ConfigEntry(k, values[i])).ToList();
}
