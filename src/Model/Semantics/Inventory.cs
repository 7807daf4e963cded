using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.Services;

namespace Conformance.Model.Semantics;

/// <summary>
/// What clan-core's inventory makes of a case: which machines exist, their class, their tags,
/// role membership and the warnings resolving roles prints. Sources: clan-core
/// modules/clan/module.nix (inventory sources), modules/clan/computed-tags.nix,
/// modules/inventoryClass/inventory.nix (machine tags), lib/inventory/default.nix (resolveTags),
/// modules/clan/distributed-services.nix (roles → machine modules).
/// </summary>
public sealed class Inventory
{
    public Inventory(ClanCase clanCase)
    {
        Case = clanCase;
        Machines = NixOrder.Sort(clanCase.Machines.Select(m => m.Name));
        ConflictingClasses = NixOrder.Sort(clanCase.Machines
            .Where(m => m.InventoryNix?.Class is { } a && m.InventoryJson?.Class is { } b && a != b)
            .Select(m => m.Name));
        ClassError = ConflictingClasses.Count == 0 ? null : ClassErrorNaming(ConflictingClasses[0]);
        Classes = clanCase.Machines.ToDictionary(m => m.Name, ClassOf);
        Tags = clanCase.Machines.ToDictionary(m => m.Name, TagsOf);
    }

    public ClanCase Case { get; }

    /// <summary>Every machine, in attrNames order. Each source declares: clan.machines, inventory (Nix or JSON), machines/&lt;name&gt;/.</summary>
    public IReadOnlyList<string> Machines { get; }

    /// <summary>Machines whose class inventory.json and the Nix inventory define differently, in attrNames order.</summary>
    public IReadOnlyList<string> ConflictingClasses { get; }

    /// <summary>
    /// Set when some machine's class conflicts (machineClass is an enum: mergeEqualOption).
    /// Everything that filters machines by class fails with the first conflict in attrNames
    /// order: the clan outputs and nixos/darwinConfigurations (filterAttrs on the class).
    /// clanInternals.machines maps over all machines without filtering, so there only the
    /// conflicting machine itself fails (<see cref="OwnClassError"/>) — unless some service role
    /// selects machines by tag: resolving it reads every machine's tags, whose computed part
    /// (the nixos/darwin tags) reads every machine's class, so then every machine fails.
    /// </summary>
    public ExpectedError? ClassError { get; }

    /// <summary>The class conflict of the machine itself (reading its machineClass), if any.</summary>
    public ExpectedError? OwnClassError(string machine) => ConflictingClasses.Contains(machine) ? ClassErrorNaming(machine) : null;

    private static ExpectedError ClassErrorNaming(string machine) =>
        new(ErrorKind.ConflictingDefinitions,
            OptionPaths.Show("machines", machine, "machineClass") + "' has conflicting definition values",
            "machineClass is an enum (mergeEqualOption): inventory.json and the Nix inventory define different classes");

    public IReadOnlyDictionary<string, MachineClass> Classes { get; }

    /// <summary>Machine tags as <c>inventory.machines.&lt;m&gt;.tags</c> reports them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tags { get; }

    private static MachineClass ClassOf(MachineSpec m) => m.InventoryNix?.Class ?? m.InventoryJson?.Class ?? MachineClass.Nixos;

    /// <summary>
    /// <c>tags</c> has <c>apply = unique</c> over its definitions in merge order: the Nix inventory's
    /// (a flake-parts definition of clan.inventory), then inventory.json's, then the computed
    /// ones — <c>attrNames</c> (sorted) of every inventory tag listing the machine: <c>all</c>,
    /// the class tag (<c>nixos</c>/<c>darwin</c>) and static <c>inventory.tags</c>. A static
    /// definition of <c>all</c>/<c>nixos</c>/<c>darwin</c> replaces the computed list, which is
    /// only <c>mkDefault</c>.
    /// </summary>
    private IReadOnlyList<string> TagsOf(MachineSpec m)
    {
        var user = (m.InventoryNix?.Tags ?? []).Concat(m.InventoryJson?.Tags ?? []);
        var computed = NixOrder.Sort(InventoryTags().Where(t => t.Value.Contains(m.Name)).Select(t => t.Key));
        return user.Concat(computed).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// <c>inventory.tags</c>: the reserved tags' computed defaults (<c>mkDefault</c>, computed-tags.nix),
    /// overridden by static definitions — the Nix inventory's, then inventory.json's, concatenated
    /// (<c>listOf str</c>; measured: Nix first) — and the tags of <c>inventory.tags</c>'s function
    /// form, which read the final <c>all</c> (<c>config.all</c>) or the <c>machines</c> argument.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> InventoryTags()
    {
        var tags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["all"] = Machines,
            ["nixos"] = Machines.Where(n => Classes[n] == MachineClass.Nixos).ToList(),
            ["darwin"] = Machines.Where(n => Classes[n] == MachineClass.Darwin).ToList(),
        };
        var sources = Case.TagSources ?? new TagSources();
        foreach (var group in Case.StaticTags.Concat(sources.Json).GroupBy(t => t.Tag))
            tags[group.Key] = group.SelectMany(t => t.Machines).ToList();
        var all = tags["all"];
        foreach (var computed in sources.Computed)
            tags[computed.Tag] = computed.Kind switch
            {
                ComputedTagKind.AllBut => all.Where(n => n != computed.Machine).ToList(),
                _ => Machines.Where(n => Classes[n] == MachineClass.Darwin).ToList(),
            };
        return tags;
    }

    /// <summary>
    /// Probe-service role membership per machine as "instance/role" (what the probe service adds
    /// to <c>conformance.roles</c>; the case's own services do not). resolveTags: the role's machines
    /// (attrNames) plus, per tag (attrNames), every inventory machine carrying it. Names that are
    /// not inventory machines get no configuration to land in, so they are silently dropped.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles()
    {
        var roles = Machines.ToDictionary(m => m, _ => new List<string>());
        foreach (var instance in Case.Instances.Where(i => Services.ServiceModel.IsProbe(i.ModuleOrProbe)))
        foreach (var role in instance.Roles)
        {
            var members = role.Machines.Concat(role.Tags.SelectMany(MachinesWithTag));
            foreach (var machine in members.Distinct())
                if (roles.TryGetValue(machine, out var list))
                    list.Add($"{instance.Name}/{role.Role}");
        }
        return roles.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// resolveTags warns, once per instance, role and tag, when a tag matches no machine:
    /// <c>Service instance '&lt;i&gt;': - &lt;role&gt; tags: no machine with tag '&lt;tag&gt;' found.</c>
    /// </summary>
    public IReadOnlyList<string> UnmatchedTagWarnings() =>
        Case.Instances
            .SelectMany(i => i.Roles.SelectMany(r => r.Tags.Distinct()
                .Where(t => !MachinesWithTag(t).Any())
                .Select(t => UnmatchedTagWarning(i.Name, r.Role, t))))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string UnmatchedTagWarning(string instance, string role, string tag) =>
        $"{Observations.StderrFields.ServiceWarningPrefix}{instance}': - {role} tags: no machine with tag '{tag}' found.";

    private IEnumerable<string> MachinesWithTag(string tag) => Machines.Where(m => Tags[m].Contains(tag));
}
