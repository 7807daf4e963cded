using Conformance.Model.Cases;
using Conformance.Generators.Choices;

namespace Conformance.Generators;

/// <summary>
/// Strings built to break rendering: Nix's interpolation and string syntax (<c>${</c>, <c>$${</c>,
/// <c>''</c>, quotes, backslashes), comments, control characters, non-ASCII (including characters
/// outside the basic multilingual plane, which UTF-16 and UTF-8 order differently), and plain
/// text around them. Shrinks on its choices: fewer fragments, each towards the first (<c>${</c>).
/// </summary>
public static class HostileStrings
{
    public static readonly string[] Fragments =
    [
        "${", "${x}", "$${x}", "$", "}", "''", "'''", "''${", "\"", "\\", "\\n", "\n", "\r", "\t", "\u0001", "\u007f",
        "#", "/*", "*/", "ü", "→", "✓", "\U0001F600", " ", "a", "Z", "0", "-", "_", ".", "/", "${builtins.abort \"x\"}", "`", "@",
    ];

    /// <summary>0–6 fragments; empty strings are included (an edge case of their own).</summary>
    public static Draw<string> String() =>
        Draw.Elements(Fragments).ListOf().Select(parts => string.Concat(parts.Take(6)));

    /// <summary>
    /// A case that carries hostile strings through every place a string reaches Nix: option values
    /// (scalar, unique, list, nixpkgs.config key and value, hostName), tags in the Nix inventory and
    /// inventory.json, the name of an inventory-only machine, an instance name and a clan.specialArgs value.
    /// </summary>
    public static Draw<ClanCase> Case(string id) =>
        from values in String().ArrayOf(9)
        select Build(id, values);

    private static ClanCase Build(string id, string[] v)
    {
        var name = v[6].Replace("\0", "").Replace("\n", "").Replace("/", "");
        var probe = new ModuleSpec("strings", ModuleKind.Inline)
        {
            Definitions =
            [
                new HostPlatformDef(Systems.X86_64Linux),
                new ScalarDef(v[0]),
                new UniqueDef(v[1]),
                new ListDef([v[2], v[3]]),
                new NixpkgsConfigDef([new ConfigEntry(v[4].Length == 0 ? "k" : v[4], v[5])]),
                new HostNameDef(v[7]) { Priority = Priority.Force },
            ],
        };
        var machines = new List<MachineSpec>
        {
            new("probe") { InClanMachines = true, Imports = ["strings"], InventoryNix = new InventoryEntry { Tags = [v[2], v[8]] }, InventoryJson = new InventoryEntry { Tags = [v[3]] } },
        };
        if (name.Length > 0 && name != "probe") machines.Add(new MachineSpec(name) { InventoryJson = new InventoryEntry { Tags = [v[0]] } });
        return new ClanCase(id)
        {
            ClanName = "strings",
            Modules = [probe],
            Machines = machines,
            Instances = [new InstanceSpec(v[8].Length == 0 ? "svc" : v[8]) { Roles = [new RoleSpec(RoleSpec.Server) { Tags = [v[2]] }] }],
            SpecialArgs = [new SpecialArg("conformanceArg1", v[5])],
        };
    }
}
