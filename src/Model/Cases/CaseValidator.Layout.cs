using System.Text.RegularExpressions;

namespace Conformance.Model.Cases;

/// <summary>The checks of what a case writes about its directory, metadata, tags and deploy settings.</summary>
public static partial class CaseValidator
{
    private static readonly HashSet<string> ReservedTags = ["all", "nixos", "darwin"];

    private static IEnumerable<string> LayoutProblems(ClanCase c)
    {
        if (c.Layout is { } layout)
        {
            if (!ClanDirectory().IsMatch(layout.Directory))
                yield return $"clan.directory '{layout.Directory}' must be a relative path of [A-Za-z][A-Za-z0-9-]* components";
            else if (layout.Directory.Split('/')[0] is "modules" or "machines")
                yield return $"clan.directory '{layout.Directory}' must not be under modules/ (import-tree would import its files as flake modules) or machines/";
            if (layout.StrayRootFiles && c.Machines.Any(m => m.Name == DirectoryLayout.StrayMachine))
                yield return $"a machine named '{DirectoryLayout.StrayMachine}' clashes with the stray root files, which must declare no machine of the case";
        }
        if (c.Meta is { } meta)
        {
            if (c.Services.Count > 0 || c.InputServices.Count > 0)
                yield return "clan.meta beyond name and domain, or inventory.json's meta, together with services of the case: the service model reads meta from the case's name and domain only";
            if (meta.Tld is { } tld && !Tld().IsMatch(tld)) yield return $"clan.meta.tld '{tld}' must match [a-z]+";
            if (meta.Json?.Name is { } name && !MetaName().IsMatch(name)) yield return $"inventory.json meta.name '{name}' must match [a-zA-Z0-9_-]*";
            if (meta.Json?.Domain is { } domain && !Domain().IsMatch(domain)) yield return $"inventory.json meta.domain '{domain}' must be a lowercase domain name";
        }
        if (c.TagSources is { } tags)
        {
            var statics = c.StaticTags.Concat(tags.Json).Select(t => t.Tag).ToHashSet(StringComparer.Ordinal);
            foreach (var tag in tags.Computed)
            {
                if (!TagName().IsMatch(tag.Tag)) yield return $"computed tag '{tag.Tag}' must match [a-z][a-z0-9-]*";
                if (ReservedTags.Contains(tag.Tag) || statics.Contains(tag.Tag))
                    yield return $"computed tag '{tag.Tag}' is also a reserved or static tag: their definitions would concatenate, which the model does not follow";
                if (tag.Kind == ComputedTagKind.AllBut && tag.Machine is null) yield return $"computed tag '{tag.Tag}' leaves out no machine";
            }
            foreach (var name in tags.Computed.GroupBy(t => t.Tag).Where(g => g.Count() > 1)) yield return $"computed tag '{name.Key}' is defined twice";
            foreach (var tag in tags.Json.GroupBy(t => t.Tag).Where(g => g.Count() > 1)) yield return $"inventory.json tag '{tag.Key}' is written twice";
        }
        foreach (var instance in c.Instances.Where(i => i.Source != InstanceSource.Nix && !Services.ServiceModel.IsProbe(i.ModuleOrProbe)))
            yield return $"instance '{instance.Name}': only probe instances are written to inventory.json";
        foreach (var machine in c.Machines)
        {
            if (machine.Directory is { Facter.System: { } system } && !SystemName().IsMatch(system))
                yield return $"machines/{machine.Name}/facter.json: '{system}' is not a system name like x86_64-linux";
            if (machine.Directory is { HardwareStub: true, Configuration: not null, FileName: MachineDirectory.HardwareConfigurationNix })
                yield return $"machines/{machine.Name}: the hardware-configuration.nix stub would replace the machine's own hardware-configuration.nix";
        }
        // clan.core.enableRecommendedDefaults is a bool: two differing definitions conflict, and what a
        // conflict there breaks (every mkIf on it) is not modelled. So: at most one definition per
        // machine, in a module clan.machines imports directly.
        var definingModules = c.Modules.Where(m => m.Definitions.OfType<RecommendedDefaultsDef>().Any()).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var module in c.Modules.Where(m => m.Imports.Any(definingModules.Contains)))
            yield return $"module '{module.Id}' imports a module defining clan.core.enableRecommendedDefaults; only clan.machines may import it";
        foreach (var machine in c.Machines)
        {
            var count = machine.Imports.Select(c.FindModule).OfType<ModuleSpec>().Sum(m => m.Definitions.OfType<RecommendedDefaultsDef>().Count())
                + (machine.Directory?.Configuration?.Definitions.OfType<RecommendedDefaultsDef>().Count() ?? 0);
            if (count > 1) yield return $"machine '{machine.Name}' defines clan.core.enableRecommendedDefaults {count} times (one at most)";
        }
        foreach (var module in c.Modules.Concat(c.Machines.Select(m => m.Directory?.Configuration).OfType<ModuleSpec>()))
            foreach (var d in module.Definitions.OfType<RecommendedDefaultsDef>())
                if (d.Priority != Priority.Plain || d.Condition is not null)
                    yield return $"module '{module.Id}': clan.core.enableRecommendedDefaults is written plain (no priority, no mkIf)";
    }

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9-]*(/[A-Za-z][A-Za-z0-9-]*)*\z")]
    private static partial Regex ClanDirectory();

    [GeneratedRegex(@"\A[a-z]+\z")]
    private static partial Regex Tld();

    [GeneratedRegex(@"\A[a-zA-Z0-9_-]*\z")]
    private static partial Regex MetaName();

    [GeneratedRegex(@"\A[a-z][a-z0-9-]*\z")]
    private static partial Regex TagName();
}
