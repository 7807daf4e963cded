using System.Text.Json.Nodes;

namespace Conformance.Model.ModuleSystem;

/// <summary>An option type as clan-core's introspection tells them apart (by <c>type.name</c>).</summary>
internal abstract record IntrospectedType(string Name)
{
    /// <summary>A type introspection does not look into: <c>bool</c>, <c>int</c>, <c>str</c>, <c>unspecified</c>, …</summary>
    public sealed record Leaf(string TypeName) : IntrospectedType(TypeName);

    public sealed record Submodule(IReadOnlyList<IntrospectedOption> Options) : IntrospectedType("submodule");

    public sealed record AttrsOf(IntrospectedType Element) : IntrospectedType("attrsOf");

    public sealed record ListOf(IntrospectedType Element) : IntrospectedType("listOf");

    public sealed record NullOr(IntrospectedType Inner) : IntrospectedType("nullOr");

    /// <summary><c>either</c>/<c>oneOf</c>: introspection cannot tell which branch a value took.</summary>
    public sealed record Either() : IntrospectedType("either");
}

/// <summary>A declared option (<see cref="Namespace"/> set: an attribute set of options, no option itself) and the file declaring it.</summary>
internal sealed record IntrospectedOption(string Name, IntrospectedType Type, string File = "<unknown-file>")
{
    public bool HasDefault { get; init; }

    /// <summary>The default's value, when it is an attribute set or list whose entries introspection reads.</summary>
    public IntrospectedValue? Default { get; init; }

    /// <summary>Non-null: not an option but a set of them (<c>options.foo.bar</c> makes <c>foo</c> one).</summary>
    public IReadOnlyList<IntrospectedOption>? Namespace { get; init; }

    public static IntrospectedOption Group(string name, params IntrospectedOption[] options) => new(name, new IntrospectedType.Leaf("namespace")) { Namespace = options };
}

/// <summary>A definition's value: a leaf, an attribute set or a list, each at a priority (100 plain, 50 mkForce, 1000 mkDefault, …).</summary>
internal sealed record IntrospectedValue(int Priority = 100)
{
    public IReadOnlyDictionary<string, IntrospectedValue>? Attrs { get; init; }

    public IReadOnlyList<IntrospectedValue>? Items { get; init; }

    public static IntrospectedValue Leaf(int priority = 100) => new(priority);

    public static IntrospectedValue Set(params (string Name, IntrospectedValue Value)[] entries) => new() { Attrs = entries.ToDictionary(e => e.Name, e => e.Value) };

    public static IntrospectedValue List(params IntrospectedValue[] items) => new() { Items = items };
}

/// <summary>One definition of an option: the module file it comes from and its value.</summary>
internal sealed record IntrospectedDefinition(string File, IntrospectedValue Value);

/// <summary>
/// clan-core's <c>clanLib.introspection.getPrios</c> (lib/introspection/default.nix), which the CLI
/// uses to tell which inventory values a user may change: per option, <c>__this</c> =
/// <c>{ prio; files; headType; nullable; total; }</c> — the highest priority among its definitions
/// and default (1500; 9999 when neither), the files of the definitions of that priority (in
/// definition order: the reverse of the modules' collection order), the type's name (a nullOr's
/// inner one), whether it is nullOr, and whether it is a submodule — then, by type: a submodule's
/// options from the definitions pushed down, an attribute set of submodules per name
/// (<c>mergeDefinitions</c> over that name's entries), a list's items (<c>__list</c>; an either item is
/// <c>{ }</c>). Pure.
/// </summary>
internal static class Introspection
{
    /// <param name="definitions">Per top-level option name, its definitions in the modules' collection order.</param>
    public static JsonObject GetPrios(IReadOnlyList<IntrospectedOption> options, IReadOnlyDictionary<string, IReadOnlyList<IntrospectedDefinition>> definitions)
    {
        var result = new JsonObject();
        foreach (var option in options.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var defs = definitions.GetValueOrDefault(option.Name) ?? [];
            if (option.Namespace is { } inner)
            {
                result[option.Name] = GetPrios(inner, Push(defs, inner.Select(o => o.Name)));
                continue;
            }
            result[option.Name] = Option(option, defs);
        }
        return result;
    }

    private static JsonObject Option(IntrospectedOption option, IReadOnlyList<IntrospectedDefinition> defs)
    {
        var all = defs.ToList();
        if (option.HasDefault) all.Insert(0, new IntrospectedDefinition(option.File, option.Default ?? IntrospectedValue.Leaf(1500)));
        var withPriority = all.Select((d, i) => (Def: d, Priority: i == 0 && option.HasDefault ? 1500 : d.Value.Priority)).ToList();
        var best = withPriority.Count == 0 ? 9999 : withPriority.Min(d => d.Priority);
        // Definitions merge in reverse collection order; the default stays first.
        var kept = withPriority.Where(d => d.Priority == best).Select(d => d.Def).ToList();
        var ordered = option.HasDefault && best == 1500 ? kept : Enumerable.Reverse(kept).ToList();
        var node = This(option.Type, best, ordered.Select(d => d.File));
        foreach (var (name, child) in Children(option.Type, ordered))
            node[name] = child;
        return node;
    }

    private static JsonObject This(IntrospectedType type, int prio, IEnumerable<string> files) => new()
    {
        ["__this"] = new JsonObject
        {
            ["files"] = new JsonArray(files.Select(f => (JsonNode?)f).ToArray()),
            ["headType"] = type is IntrospectedType.NullOr n ? n.Inner.Name : type.Name,
            ["nullable"] = type is IntrospectedType.NullOr,
            ["prio"] = prio,
            ["total"] = type is IntrospectedType.Submodule,
        },
    };

    /// <summary>What introspection adds below an option's <c>__this</c>, from its kept definitions (in merge order).</summary>
    private static IEnumerable<(string Name, JsonNode Node)> Children(IntrospectedType type, IReadOnlyList<IntrospectedDefinition> kept)
    {
        switch (type)
        {
            case IntrospectedType.Submodule submodule:
                foreach (var (name, node) in GetPrios(submodule.Options, Push(kept, submodule.Options.Select(o => o.Name))))
                    yield return (name, node!.DeepClone());
                break;
            case IntrospectedType.AttrsOf attrsOf:
                foreach (var (name, node) in AttrsOf(attrsOf.Element, kept)) yield return (name, node);
                break;
            case IntrospectedType.ListOf listOf:
                var items = kept.SelectMany(d => (d.Value.Items ?? []).Select(item => new IntrospectedDefinition(d.File, item)));
                yield return ("__list", new JsonArray(items.Select(item => (JsonNode?)Item(listOf.Element, item)).ToArray()));
                break;
        }
    }

    /// <summary>An attribute set's entries, each merged on its own (<c>mergeAttrs</c>) and, for submodules and nested attribute sets, looked into.</summary>
    private static IEnumerable<(string Name, JsonNode Node)> AttrsOf(IntrospectedType element, IReadOnlyList<IntrospectedDefinition> kept)
    {
        // kept is in merge order; the entries' definitions are gathered in collection order, as pushPositions sees them.
        var collection = Enumerable.Reverse(kept).ToList();
        var names = collection.SelectMany(d => d.Value.Attrs?.Keys ?? []).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var entryDefs = collection.Where(d => d.Value.Attrs?.ContainsKey(name) == true).Select(d => new IntrospectedDefinition(d.File, d.Value.Attrs![name])).ToList();
            var best = entryDefs.Min(d => d.Value.Priority);
            var entryKept = Enumerable.Reverse(entryDefs.Where(d => d.Value.Priority == best).ToList()).ToList();
            var node = This(element, best, entryKept.Select(d => d.File));
            var children = element switch
            {
                IntrospectedType.Submodule or IntrospectedType.AttrsOf => Children(element, entryKept),
                _ => [],
            };
            foreach (var (child, childNode) in children) node[child] = childNode;
            yield return (name, node);
        }
    }

    private static JsonObject Item(IntrospectedType element, IntrospectedDefinition item) => element switch
    {
        IntrospectedType.Submodule submodule => GetPrios(submodule.Options, Push([item], submodule.Options.Select(o => o.Name))),
        _ => new JsonObject(),
    };

    /// <summary>Definitions of a set of options pushed down to each option: every definition's entry for it, with the definition's file (collection order kept).</summary>
    private static Dictionary<string, IReadOnlyList<IntrospectedDefinition>> Push(IReadOnlyList<IntrospectedDefinition> definitions, IEnumerable<string> names) =>
        names.ToDictionary(n => n, n => (IReadOnlyList<IntrospectedDefinition>)Enumerable.Reverse(definitions)
            .Where(d => d.Value.Attrs?.ContainsKey(n) == true)
            .Select(d => new IntrospectedDefinition(d.File, d.Value.Attrs![n])).ToList());
}
