using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>
/// What clan authors write beyond machines and modules, drawn for an already generated clan (last,
/// so the rest of a case is what the same seed gave before): the directory layout, metadata,
/// inventory.json's meta, tags and instances, facter reports and deploy settings. Distribution
/// (per case): clan.directory in a subfolder 25% (with stray root files half of the time);
/// clan.meta.domain 40%; meta beyond name and domain 35% (inventory.json meta in 40% of those,
/// agreeing with Nix mostly, conflicting in one of ten); inventory.json tags and computed tags 30%;
/// each probe instance in Nix 70%, in inventory.json 15%, split between both 15%. Per machine:
/// inventory metadata and deploy settings 30% (conflicting between Nix and JSON one time in eight
/// where both exist), a facter.json 20% (with a system 60%, a leftover hardware-configuration.nix 40%),
/// a deploy module with clan.core.networking / networking.domain / enableRecommendedDefaults
/// definitions 35% of clan.machines machines. Shrunk on its choices, as every generator (docs/model.md, "Generating and shrinking").
/// </summary>
public static class LayoutGen
{
    public static Draw<ClanCase> Extend(ClanCase c) =>
        from layout in Draw.Frequency(
            (75, Draw.Constant<DirectoryLayout?>(null)),
            (25, from directory in Draw.Elements("clan", "clan", "infra/clan")
                 from stray in Draw.Elements(false, true)
                 select (DirectoryLayout?)new DirectoryLayout { Directory = directory, StrayRootFiles = stray && c.Machines.All(m => m.Name != DirectoryLayout.StrayMachine) }))
        from domain in Draw.Frequency((60, Draw.Constant<string?>(null)), (40, Draw.Elements<string?>("example.com", "lan", "x")))
        from meta in Draw.Frequency((65, Draw.Constant<MetaSpec?>(null)), (35, Meta(c.ClanName, domain).Select(m => (MetaSpec?)m)))
        from tags in Draw.Frequency((70, Draw.Constant<TagSources?>(null)), (30, Tags(c).Select(t => (TagSources?)t)))
        from sources in Draw.CollectToList(c.Instances, _ =>
            Draw.Frequency((70, Draw.Constant(InstanceSource.Nix)), (15, Draw.Constant(InstanceSource.Json)), (15, Draw.Constant(InstanceSource.Split))))
        from machines in Draw.CollectToList(c.Machines, Machine)
        select Apply(c, layout, domain, meta, tags, sources, machines);

    private static ClanCase Apply(ClanCase c, DirectoryLayout? layout, string? domain, MetaSpec? meta, TagSources? tags,
        List<InstanceSource> sources, List<(MachineSpec Machine, ModuleSpec? Deploy)> machines) => c with
    {
        Layout = layout,
        Domain = domain,
        Meta = meta,
        TagSources = tags,
        Instances = c.Instances.Select((i, n) => Services(i) ? i : i with { Source = sources[n] }).ToList(),
        Machines = machines.Select(m => m.Machine).ToList(),
        Modules = [.. c.Modules, .. machines.Select(m => m.Deploy).OfType<ModuleSpec>()],
    };

    private static bool Services(InstanceSpec i) => !Conformance.Model.Services.ServiceModel.IsProbe(i.ModuleOrProbe);

    private static Draw<MetaSpec> Meta(string clanName, string? domain) =>
        from description in Draw.Elements<string?>(null, "Our clan", "with \"quotes\" and ${dollar}")
        from icon in Draw.Elements<string?>(null, null, "./icon.png", "/icons/clan.png")
        from tld in Draw.Frequency((85, Draw.Constant<string?>(null)), (15, Draw.Constant<string?>("lan")))
        from json in Draw.Frequency((60, Draw.Constant<JsonMeta?>(null)), (40, JsonMetaGen(clanName, description, domain).Select(j => (JsonMeta?)j)))
        select new MetaSpec { Description = description, Icon = icon, Tld = tld, Json = json };

    /// <summary>inventory.json's meta, as the CLI persists it: mostly what Nix says too (agreeing definitions merge), sometimes not.</summary>
    private static Draw<JsonMeta> JsonMetaGen(string clanName, string? description, string? domain) =>
        from name in Draw.Frequency((20, Draw.Constant<string?>(null)), (70, Draw.Constant<string?>(clanName)), (10, Draw.Constant<string?>("renamed")))
        from jsonDescription in Draw.Frequency((40, Draw.Constant<string?>(null)), (50, Draw.Constant<string?>(description ?? "from json")), (10, Draw.Constant<string?>("another")))
        from icon in Draw.Elements<string?>(null, null, "./icon.png")
        from jsonDomain in Draw.Frequency((70, Draw.Constant<string?>(null)), (20, Draw.Constant<string?>(domain ?? "example.com")), (10, Draw.Constant<string?>("other.example")))
        select new JsonMeta { Name = name, Description = jsonDescription, Icon = icon, Domain = jsonDomain };

    private static Draw<TagSources> Tags(ClanCase c)
    {
        var names = c.Machines.Select(m => m.Name).Append(Pools.GhostMachine).ToArray();
        var statics = c.StaticTags.Select(t => t.Tag).ToHashSet();
        return
            from jsonCount in Draw.Choose(0, 2)
            from json in Draw.CollectToList(Enumerable.Range(0, jsonCount), _ =>
                from tag in Draw.Elements("static", "cloud", "json", "all", "nixos")
                from members in Draw.SubListOf(names)
                select new StaticTag(tag, members.ToList()))
            from computed in Draw.Elements(0, 1, 1, 2)
            from leftOut in Draw.Elements(names)
            select new TagSources
            {
                Json = json.GroupBy(t => t.Tag).Select(g => g.First()).ToList(),
                Computed = new[]
                {
                    new ComputedTag("allbut", ComputedTagKind.AllBut) { Machine = leftOut },
                    new ComputedTag("macs", ComputedTagKind.Darwin),
                }.Take(computed).ToList(),
            };
    }

    private static Draw<(MachineSpec, ModuleSpec?)> Machine(MachineSpec m) =>
        from nixMeta in Draw.Frequency((70, Draw.Constant<InventoryEntry?>(null)), (30, Metadata().Select(e => (InventoryEntry?)e)))
        from conflict in Draw.Frequency((87, Draw.Constant(false)), (13, Draw.Constant(true)))
        from facter in Draw.Frequency((80, Draw.Constant<FacterReport?>(null)),
            (20, Draw.Frequency((45, Draw.Constant<string?>("x86_64-linux")), (15, Draw.Constant<string?>("aarch64-linux")), (40, Draw.Constant<string?>(null)))
                .Select(system => (FacterReport?)new FacterReport { System = system })))
        from stub in Draw.Elements(false, false, false, true, true)
        from facterPlatform in Draw.Elements(false, true)
        from deploy in m.InClanMachines
            ? Draw.Frequency((65, Draw.Constant<IReadOnlyList<Definition>>([])), (35, DeployDefinitions()))
            : Draw.Constant<IReadOnlyList<Definition>>([])
        select Build(m, nixMeta, conflict, facter, stub, facterPlatform, deploy);

    private static (MachineSpec, ModuleSpec?) Build(MachineSpec m, InventoryEntry? meta, bool conflict, FacterReport? facter, bool stub,
        bool facterPlatform, IReadOnlyList<Definition> deploy)
    {
        var machine = m;
        if (meta is not null)
        {
            // Written where the machine has inventory entries: the Nix one, inventory.json's, or both
            // (agreeing, or — one time in eight — not).
            var other = conflict ? meta with { InstalledAt = (meta.InstalledAt ?? 1700000000) + 1, Deploy = null, Description = null } : meta;
            machine = machine with
            {
                InventoryNix = machine.InventoryNix is { } nix ? Merge(nix, meta) : null,
                InventoryJson = machine.InventoryJson is { } json ? Merge(json, machine.InventoryNix is null ? meta : other) : null,
            };
        }
        if (facter is not null)
        {
            var directory = machine.Directory ?? new MachineDirectory();
            var hardwareIsConfiguration = directory.Configuration is not null && directory.FileName == MachineDirectory.HardwareConfigurationNix;
            machine = machine with { Directory = directory with { Facter = facter, HardwareStub = stub && !hardwareIsConfiguration } };
            // Half of the machines whose report names a system rely on it for their platform (what
            // nixos-facter users do): the platform module clan.machines imported is dropped.
            if (facter.System is not null && facterPlatform && (m.InventoryNix?.Class ?? m.InventoryJson?.Class ?? MachineClass.Nixos) == MachineClass.Nixos)
                machine = machine with { Imports = machine.Imports.Where(i => !i.StartsWith("platform-", StringComparison.Ordinal)).ToList() };
        }
        ModuleSpec? module = null;
        if (deploy.Count > 0)
        {
            module = new ModuleSpec($"deploy-{MachineGen.Slug(m.Name)}", ModuleKind.Inline) { Definitions = deploy };
            machine = machine with { Imports = [.. machine.Imports, module.Id] };
        }
        return (machine, module);
    }

    private static InventoryEntry Merge(InventoryEntry entry, InventoryEntry meta) => entry with
    {
        DisplayName = meta.DisplayName,
        Description = meta.Description,
        Icon = meta.Icon,
        InstalledAt = meta.InstalledAt,
        Deploy = meta.Deploy,
    };

    private static Draw<InventoryEntry> Metadata() =>
        from name in Draw.Elements<string?>(null, null, "Display Name")
        from description in Draw.Elements<string?>(null, "A nice thing")
        from icon in Draw.Elements<string?>(null, null, "./path/to/icon.png")
        from installedAt in Draw.Elements<long?>(null, 1700000000)
        from deploy in Draw.Elements<DeploySpec?>(null,
            new DeploySpec { TargetHost = "root@target.example.com" },
            new DeploySpec { TargetHost = "root@target.example.com", BuildHost = "root@builder.example.com" },
            new DeploySpec { BuildHost = "builder.example.com:2222", ForwardAgent = true },
            new DeploySpec { ForwardAgent = false })
        select new InventoryEntry { DisplayName = name, Description = description, Icon = icon, InstalledAt = installedAt, Deploy = deploy };

    /// <summary>One to three definitions a machine's configuration makes about where it is deployed, at the priorities users write.</summary>
    private static Draw<IReadOnlyList<Definition>> DeployDefinitions() =>
        from count in Draw.Choose(1, 3)
        from definitions in Draw.CollectToList(Enumerable.Range(0, count), _ => DeployDefinition())
        select (IReadOnlyList<Definition>)definitions.Where((d, i) => d is not RecommendedDefaultsDef
            || definitions.FindIndex(x => x is RecommendedDefaultsDef) == i).ToList();

    private static Draw<Definition> DeployDefinition() =>
        from kind in Draw.Frequency((35, Draw.Constant(0)), (20, Draw.Constant(1)), (25, Draw.Constant(2)), (20, Draw.Constant(3)))
        from host in Draw.Elements("root@jon", "deploy@10.0.0.1:2222", "machine.example.com", "root@example.com:2222?IdentityFile=/k")
        from domain in Draw.Elements("example.com", "internal", "lan")
        from priority in Draw.Frequency((55, Draw.Constant(Priority.Plain)), (20, Draw.Constant(Priority.Default)), (10, Draw.Constant(Priority.Force)),
            (10, Draw.Constant(Priority.OptionDefault)), (5, Draw.Constant(Priority.Override(900))))
        select kind switch
        {
            0 => (Definition)new TargetHostDef(host) { Priority = priority },
            1 => new BuildHostDef(host) { Priority = priority },
            2 => new DomainDef(domain) { Priority = priority },
            _ => new RecommendedDefaultsDef(false),
        };
}
