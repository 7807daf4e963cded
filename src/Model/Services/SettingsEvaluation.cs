using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.Semantics;

namespace Conformance.Model.Services;

/// <summary>
/// One settings source of a settings evaluation: an inventory settings option (role, machine or
/// tag level, type <c>uniqueDeferredSerializableModule</c>) or the module perInstance passes to
/// <c>extendSettings</c> (a plain module, no checks).
/// </summary>
/// <param name="InventoryPath">The inventory option, e.g. <c>instances.i.roles.r.machines.m.settings</c>; null for the extendSettings module.</param>
/// <param name="Spec">The definitions; null: the option is not defined (its default <c>{ }</c> applies).</param>
internal sealed record SettingsSource(string? InventoryPath, SettingsSpec? Spec);

/// <summary>
/// clan-core's settings evaluation (lib/inventory/distributed-service/service-module.nix
/// <c>evalMachineSettings</c>): one <c>lib.evalModules</c> of the role's interface, the role's
/// settings and a module importing the machine's settings and the settings of the machine's tags.
/// What it predicts, in the order Nix meets it:
/// <list type="number">
/// <item>Loading the modules (depth first, lib.modules <c>collectStructuredModules</c>), each
/// inventory source in turn: its definitions after priority filtering (the option's default
/// <c>{ }</c> is a definition at 1500) must serialise to JSON (a function cannot: a type error
/// tryEval cannot catch), be exactly one (<c>mergeUniqueOption</c>), and have no top-level
/// <c>imports</c>. Any of these fails the whole settings value.</item>
/// <item>Reading <c>config</c>: a definition of an option the interface does not declare fails it as a whole.</item>
/// <item>Each option, in name order: the definitions of every level in merge order — reverse
/// breadth-first collection, where all levels sit at the same depth, so tags (reverse name
/// order), then the machine, then the role; the extendSettings module, at the top, comes last —
/// after the interface default (1500); the lowest priority number wins; mkOrder sorts (stable);
/// every kept value is type-checked; then the type's merge. With no definition at all, the type's
/// empty value (<c>[]</c>, <c>{ }</c>, <c>null</c>) where it has one, else "no value defined".</item>
/// </list>
/// </summary>
internal static class SettingsEvaluation
{
    /// <param name="prefix">The evaluation's option prefix: <c>&lt;id&gt;.instances.&lt;i&gt;.roles.&lt;r&gt;[.machines.&lt;m&gt;].settings</c>.</param>
    /// <param name="sources">Inventory sources in collection order: role, machine, tags (by name).</param>
    /// <param name="beforeMachineLevel">An error forcing the machine-level module raises before its sources load (reading machine tags under a class conflict); null: none.</param>
    /// <param name="extend">The extendSettings module (appended at the top level), or null.</param>
    public static ValueTree Evaluate(string prefix, IReadOnlyList<OptionDecl> interfaceOptions, IReadOnlyList<SettingsSource> sources,
        ExpectedError? beforeMachineLevel, SettingsSpec? extend, MetaValues meta)
    {
        // 1. Loading, depth first: role source, then (machine-level module) machine and tags.
        var kept = new List<IReadOnlyList<SettingDef>>();
        for (var i = 0; i < sources.Count; i++)
        {
            if (i == 1 && beforeMachineLevel is not null) return ValueTree.Fails(beforeMachineLevel);
            var (values, error) = Load(sources[i]);
            if (error is not null) return ValueTree.Fails(error);
            kept.Add(values);
        }
        if (sources.Count == 1 && beforeMachineLevel is not null) return ValueTree.Fails(beforeMachineLevel);

        // Merge order: reverse collection order (inventory levels at equal depth), extendSettings last.
        var merged = new List<SettingDef>();
        for (var i = kept.Count - 1; i >= 0; i--) merged.AddRange(kept[i]);
        if (extend is not null) merged.AddRange(extend.Definitions.SelectMany(d => d.Values));

        // 2. Undeclared options fail config as a whole (_module.check).
        if (merged.FirstOrDefault(d => interfaceOptions.All(o => o.Name != d.Option)) is { } undeclared)
            return ValueTree.Fails(new ExpectedError(ErrorKind.OptionDoesNotExist, $"{prefix}.{undeclared.Option}' does not exist",
                $"the interface declares no option `{undeclared.Option}': lib.modules' _module.check rejects the definition when config is read"));

        // 3. Per option.
        return ValueTree.Object(interfaceOptions.Select(o => (o.Name, Option($"{prefix}.{OptionPaths.Escape(o.Name)}", o, merged.Where(d => d.Option == o.Name).ToList(), meta))));
    }

    /// <summary>What an inventory settings option contributes once loaded, or the error loading it raises.</summary>
    private static (IReadOnlyList<SettingDef> Values, ExpectedError? Error) Load(SettingsSource source)
    {
        if (source.InventoryPath is null || source.Spec is null) return (source.Spec?.Definitions.SelectMany(d => d.Values).ToList() ?? [], null);
        // The option's default { } is a definition at mkOptionDefault (1500), put first.
        var definitions = new List<SettingsDefinition> { new() { Priority = Priority.OptionDefault } };
        definitions.AddRange(source.Spec.Definitions);
        var best = definitions.Min(d => d.Priority.Value);
        var kept = definitions.Where(d => d.Priority.Value == best).ToList();
        var error = ClanTypes.UniqueDeferredSerializableModuleError(source.InventoryPath, kept.Select(d => new ModuleDefinition(source.InventoryPath,
            d.Fault == SettingsFault.Function ? ModuleValueKind.AttrsWithFunction : ModuleValueKind.Attrs) { HasImports = d.Fault == SettingsFault.Imports }).ToList());
        if (error is not null)
            return ([], best == Priority.OptionDefault.Value && error.Kind == ErrorKind.NotUnique
                ? error with { Rule = error.Rule + " (the option's default { } is one of them)" }
                : error);
        return (kept[0].Values, null);
    }

    /// <summary>One option: lib.modules <c>mergeDefinitions</c> with the option's type.</summary>
    private static ValueTree Option(string path, OptionDecl option, IReadOnlyList<SettingDef> definitions, MetaValues meta)
    {
        var all = new List<SettingDef>();
        if (DefaultOf(option, meta) is { } defaultValue) all.Add(new SettingDef(option.Name, defaultValue) { Priority = Priority.OptionDefault });
        all.AddRange(definitions);
        // Without any definition a type's emptyValue applies where it has one (lib.modules mergeDefinitions):
        // [] for listOf, { } for attrsOf, null for nullOr; the scalar types have none.
        if (all.Count == 0 && option.Type is OptionType.ListOfStr) return ValueTree.Of(new JsonArray());
        if (all.Count == 0 && option.Type is OptionType.AttrsOfStr) return ValueTree.Of(new JsonObject());
        if (all.Count == 0 && option.Type is OptionType.NullOrStr) return ValueTree.Of(null);
        if (all.Count == 0)
            return ValueTree.Fails(new ExpectedError(ErrorKind.NoValueDefined, $"The option `{path}' was accessed but has no value defined",
                "the interface gives no default and no level defines the option"));
        var best = all.Min(d => d.Priority.Value);
        // lib.sortProperties: a stable sort by mkOrder (1000 when unwrapped).
        var kept = all.Where(d => d.Priority.Value == best).OrderBy(d => d.Order.Value).ToList();
        var rule = $"{kept.Count} kept definition(s) at priority {best} of {all.Count}";
        if (kept.FirstOrDefault(d => !d.Value.Fits(option.Type)) is not null)
            return ValueTree.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"A definition for option `{path}' is not of type `{Describe(option.Type)}'",
                $"every kept definition is checked against {Describe(option.Type)} before merging ({rule})"));
        switch (option.Type)
        {
            case OptionType.ListOfStr:
                return ValueTree.Of(new JsonArray(kept.SelectMany(d => ((ListValue)d.Value).Items).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()));
            case OptionType.AttrsOfStr:
                var keys = NixOrder.Sort(kept.SelectMany(d => ((AttrsValue)d.Value).Entries.Select(e => e.Key)));
                return ValueTree.Object(keys.Select(k =>
                {
                    var values = kept.SelectMany(d => ((AttrsValue)d.Value).Entries.Where(e => e.Key == k).Select(e => e.Value)).ToList();
                    return (k, values.Distinct(StringComparer.Ordinal).Count() == 1
                        ? ValueTree.Of(JsonValue.Create(values[0]))
                        : Conflict($"{path}.{OptionPaths.Escape(k)}", rule));
                }));
            case OptionType.NullOrStr:
                var nulls = kept.Count(d => d.Value is NullValue);
                if (nulls == kept.Count) return ValueTree.Of(null);
                if (nulls > 0)
                    return ValueTree.Fails(new ExpectedError(ErrorKind.ConflictingDefinitions, $"The option `{path}` is defined both null and not null",
                        $"types.nullOr: null and non-null definitions kept together ({rule})"));
                goto default;
            default:
                var distinct = kept.Select(d => ToJson(d.Value)!.ToJsonString()).Distinct(StringComparer.Ordinal).ToList();
                return distinct.Count == 1 ? ValueTree.Of(ToJson(kept[0].Value)) : Conflict(path, rule);
        }
    }

    private static ValueTree Conflict(string path, string rule) =>
        ValueTree.Fails(new ExpectedError(ErrorKind.ConflictingDefinitions, $"The option `{path}' has conflicting definition values",
            $"mergeEqualOption: different values kept ({rule})"));

    private static SettingValue? DefaultOf(OptionDecl option, MetaValues meta) => option.MetaDefault switch
    {
        MetaField.Name => new StrValue("svc." + meta.Name),
        MetaField.Domain => new StrValue("svc." + meta.Domain),
        _ => option.Default,
    };

    /// <summary>The description lib.types gives each type (what "is not of type" names).</summary>
    public static string Describe(OptionType type) => type switch
    {
        OptionType.Str => "string",
        OptionType.Int => "signed integer",
        OptionType.Bool => "boolean",
        OptionType.ListOfStr => "list of string",
        OptionType.AttrsOfStr => "attribute set of string",
        _ => "null or string",
    };

    public static JsonNode? ToJson(SettingValue value) => value switch
    {
        StrValue s => JsonValue.Create(s.Value),
        IntValue i => JsonValue.Create(i.Value),
        BoolValue b => JsonValue.Create(b.Value),
        NullValue => null,
        ListValue l => new JsonArray(l.Items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        AttrsValue a => new JsonObject(a.Entries.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}

/// <summary><c>clan.meta</c> as the interface's <c>meta</c> argument sees it.</summary>
internal sealed record MetaValues(string Name, string Domain);
