using Conformance.Model.Cases;
using static Conformance.Generators.ListEdits;

namespace Conformance.Generators;

/// <summary>
/// Shrink candidates for what <see cref="LayoutGen"/> adds, one component at a time: the clan back at
/// the flake's root, no meta, no extra tags, instances back in Nix, machines without metadata,
/// facter reports or leftover hardware configurations. (The deploy modules are modules of the pool,
/// which the case shrinker already removes.)
/// </summary>
public static class LayoutShrinker
{
    public static IEnumerable<ClanCase> Candidates(ClanCase c)
    {
        if (c.Layout is { } layout)
        {
            yield return c with { Layout = null };
            if (layout.StrayRootFiles) yield return c with { Layout = layout with { StrayRootFiles = false } };
        }
        if (c.Meta is { } meta)
        {
            yield return c with { Meta = null };
            if (meta.Json is not null) yield return c with { Meta = meta with { Json = null } };
            if (meta.Tld is not null) yield return c with { Meta = meta with { Tld = null } };
            if (meta.Description is not null) yield return c with { Meta = meta with { Description = null } };
            if (meta.Icon is not null) yield return c with { Meta = meta with { Icon = null } };
        }
        if (c.TagSources is { } tags)
        {
            yield return c with { TagSources = null };
            for (var i = 0; i < tags.Json.Count; i++) yield return c with { TagSources = tags with { Json = Without(tags.Json, i) } };
            for (var i = 0; i < tags.Computed.Count; i++) yield return c with { TagSources = tags with { Computed = Without(tags.Computed, i) } };
        }
        for (var i = 0; i < c.Instances.Count; i++)
            if (c.Instances[i].Source != InstanceSource.Nix)
                yield return c with { Instances = Replace(c.Instances, i, c.Instances[i] with { Source = InstanceSource.Nix }) };
        for (var i = 0; i < c.Machines.Count; i++)
            foreach (var smaller in Machine(c.Machines[i]))
                yield return c with { Machines = Replace(c.Machines, i, smaller) };
    }

    private static IEnumerable<MachineSpec> Machine(MachineSpec m)
    {
        if (m.InventoryNix is { HasMetadata: true } nix) yield return m with { InventoryNix = WithoutMetadata(nix) };
        if (m.InventoryJson is { HasMetadata: true } json) yield return m with { InventoryJson = WithoutMetadata(json) };
        if (m.Directory is { Facter: not null } withFacter) yield return m with { Directory = withFacter with { Facter = null, HardwareStub = false } };
        if (m.Directory is { HardwareStub: true } withStub) yield return m with { Directory = withStub with { HardwareStub = false } };
    }

    private static InventoryEntry WithoutMetadata(InventoryEntry e) =>
        e with { DisplayName = null, Description = null, Icon = null, InstalledAt = null, Deploy = null };
}
