using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.Services;

namespace Conformance.Model.Semantics;

/// <summary>
/// What clan-core makes of the metadata a clan writes, in Nix and in <c>inventory.json</c>: the
/// clan's <c>inventory.meta</c> and each machine's <c>name</c>, <c>description</c>, <c>icon</c>,
/// <c>installedAt</c> and <c>deploy.*</c>. Sources: modules/clan/module.nix (<c>inventory.meta =
/// config.meta</c>; inventory.json is a module of the inventory), modules/inventoryClass/meta.nix,
/// modules/inventoryClass/inventory.nix. Every option here is a <c>str</c>, <c>int</c> or <c>bool</c>
/// (under <c>nullOr</c>), all of which merge with <c>mergeEqualOption</c>: definitions that agree
/// give the value, definitions that differ are a conflict; an option nobody defines has its default.
/// </summary>
public static class InventoryMeta
{
    /// <summary>The default of <c>meta.domain</c> when nobody defines it (meta.nix).</summary>
    public const string DefaultDomain = "clan";

    /// <summary>One option's merged value: a JSON value or the conflict.</summary>
    public sealed record Merged(JsonNode? Value, ExpectedError? Error)
    {
        public static Merged Of(JsonNode? value) => new(value, null);
    }

    /// <summary><c>inventory.meta.&lt;option&gt;</c> for each of meta.nix's options, by name.</summary>
    public static IReadOnlyDictionary<string, Merged> Of(ClanCase c)
    {
        var meta = c.Meta ?? new MetaSpec();
        var json = meta.Json;
        var tld = meta.Tld;
        var domainDefs = new[] { c.Domain, json?.Domain }.OfType<string>().ToList();
        return new SortedDictionary<string, Merged>(StringComparer.Ordinal)
        {
            ["name"] = Equal("inventory.meta.name", [c.ClanName, .. json?.Name is { } n ? [n] : Array.Empty<string>()], null),
            ["description"] = Equal("inventory.meta.description", Defined(meta.Description, json?.Description), null),
            ["icon"] = Equal("inventory.meta.icon", Defined(meta.Icon, json?.Icon), null),
            ["tld"] = Merged.Of(tld is null ? null : JsonValue.Create(tld)),
            // default = if tld != null then warn … tld else "clan" (only evaluated when nobody defines domain)
            ["domain"] = Equal("inventory.meta.domain", domainDefs, tld ?? DefaultDomain),
        };
    }

    /// <summary><c>inventory.meta</c> as one value (fields in byte order), or the first conflict <c>builtins.toJSON</c> meets.</summary>
    public static (JsonObject? Value, ExpectedError? Error) Record(ClanCase c)
    {
        var obj = new JsonObject();
        foreach (var (name, merged) in Of(c))
        {
            if (merged.Error is not null) return (null, merged.Error);
            obj[name] = merged.Value?.DeepClone();
        }
        return (obj, null);
    }

    /// <summary>Whether reading <c>meta.domain</c> evaluates its tld-based default, which warns.</summary>
    public static bool DomainWarnsAboutTld(ClanCase c) =>
        c.Meta?.Tld is not null && c.Domain is null && c.Meta.Json?.Domain is null;

    /// <summary>
    /// A machine's metadata as <c>inventory.machines.&lt;m&gt;</c> reports it: <c>deploy</c>
    /// (<c>buildHost</c>, <c>forwardAgent</c>, <c>targetHost</c>), <c>description</c>, <c>icon</c>,
    /// <c>installedAt</c>, <c>name</c> — in byte order, which is also the order of the first conflict.
    /// </summary>
    public static (JsonObject? Value, ExpectedError? Error) Machine(MachineSpec m)
    {
        var entries = new[] { m.InventoryNix, m.InventoryJson }.OfType<InventoryEntry>().ToList();
        var prefix = OptionPaths.Show("machines", m.Name) + ".";
        var deployDefs = entries.Select(e => e.Deploy).OfType<DeploySpec>().ToList();
        var parts = new List<(string Name, Merged Value)>
        {
            ("deploy.buildHost", Equal(prefix + "deploy.buildHost", deployDefs.Select(d => d.BuildHost).OfType<string>().ToList(), null)),
            ("deploy.forwardAgent", EqualBools(prefix + "deploy.forwardAgent", deployDefs.Select(d => d.ForwardAgent).OfType<bool>().ToList())),
            ("deploy.targetHost", Equal(prefix + "deploy.targetHost", deployDefs.Select(d => d.TargetHost).OfType<string>().ToList(), null)),
            ("description", Equal(prefix + "description", entries.Select(e => e.Description).OfType<string>().ToList(), null)),
            ("icon", Equal(prefix + "icon", entries.Select(e => e.Icon).OfType<string>().ToList(), null)),
            ("installedAt", EqualLongs(prefix + "installedAt", entries.Select(e => e.InstalledAt).OfType<long>().ToList())),
            ("name", Equal(prefix + "name", entries.Select(e => e.DisplayName).OfType<string>().ToList(), m.Name)),
        };
        var obj = new JsonObject();
        var deploy = new JsonObject();
        obj["deploy"] = deploy;
        foreach (var (name, merged) in parts)
        {
            if (merged.Error is not null) return (null, merged.Error);
            if (name.StartsWith("deploy.", StringComparison.Ordinal)) deploy[name["deploy.".Length..]] = merged.Value?.DeepClone();
            else obj[name] = merged.Value?.DeepClone();
        }
        return (obj, null);
    }

    private static List<string> Defined(params string?[] values) => values.OfType<string>().ToList();

    private static Merged Equal(string option, IReadOnlyList<string> definitions, string? fallback) =>
        definitions.Count == 0 ? Merged.Of(fallback is null ? null : JsonValue.Create(fallback))
        : definitions.Distinct(StringComparer.Ordinal).Count() == 1 ? Merged.Of(JsonValue.Create(definitions[0]))
        : new Merged(null, Conflict(option));

    private static Merged EqualBools(string option, IReadOnlyList<bool> definitions) =>
        definitions.Count == 0 ? Merged.Of(null)
        : definitions.Distinct().Count() == 1 ? Merged.Of(JsonValue.Create(definitions[0]))
        : new Merged(null, Conflict(option));

    private static Merged EqualLongs(string option, IReadOnlyList<long> definitions) =>
        definitions.Count == 0 ? Merged.Of(null)
        : definitions.Distinct().Count() == 1 ? Merged.Of(JsonValue.Create(definitions[0]))
        : new Merged(null, Conflict(option));

    private static ExpectedError Conflict(string option) =>
        new(ErrorKind.ConflictingDefinitions, $"{option}' has conflicting definition values",
            $"`{option}' merges with mergeEqualOption: the Nix inventory and inventory.json define different values");
}
