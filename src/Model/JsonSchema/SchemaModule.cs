using System.Text.Json.Nodes;

namespace Conformance.Model.JsonSchema;

/// <summary>
/// An evaluated module's options as the converter reads them (<c>evaled.options</c>, or a
/// submodule's <c>getSubOptions</c>): the declared entries without <c>_module</c>, and the
/// element type of <c>_module.freeformType</c> when it has one (lib/jsonschema/default.nix:293-319
/// takes <c>nestedTypes.elemType</c> of the first definition, and ignores a freeform type without one).
/// </summary>
internal sealed record SchemaModule(IReadOnlyList<SchemaEntry> Entries)
{
    /// <summary><c>freeformType</c>; only its <c>nestedTypes.elemType</c> is read, so <c>attrsOf int</c> means "any other key, an int".</summary>
    public SchemaType? FreeformType { get; init; }

    public static SchemaModule Of(params SchemaEntry[] entries) => new(entries);
}

/// <summary>An attribute of an options tree: an option (<c>lib.isOption</c>) or an attribute set of them (<c>options.foo.bar</c> makes <c>foo</c> one).</summary>
internal abstract record SchemaEntry(string Name);

/// <summary>Not an option but a set of them: <c>options.foo.bar = mkOption …</c> makes <c>foo</c> one.</summary>
internal sealed record SchemaGroup(string Name, IReadOnlyList<SchemaEntry> Entries) : SchemaEntry(Name)
{
    public static SchemaGroup Of(string name, params SchemaEntry[] entries) => new(name, entries);
}

/// <summary>
/// A declared option, as much of it as the converter reads (lib/jsonschema/default.nix:139-246):
/// its type, whether it has a <c>default</c> (and whether that is a JSON value), whether it has a
/// <c>defaultText</c>, its description (an <c>mdDoc</c>'s text), and <c>visible</c>.
/// </summary>
internal sealed record SchemaOption(string Name, SchemaType Type) : SchemaEntry(Name)
{
    /// <summary>Null: no <c>default</c>.</summary>
    public SchemaDefault? Default { get; init; }

    /// <summary>Only the presence of <c>defaultText</c> matters: it makes the option optional and hides <c>default</c>.</summary>
    public bool HasDefaultText { get; init; }

    /// <summary>Null: no <c>description</c>. For <c>{ _type = "mdDoc"; text; }</c> the text (<c>option.description.text or option.description</c>).</summary>
    public string? Description { get; init; }

    /// <summary><c>visible = false</c> leaves the option out of the schema.</summary>
    public bool Visible { get; init; } = true;

    /// <summary>nixpkgs' <c>mkEnableOption name</c> (lib/options.nix): a bool, default false, "Whether to enable …".</summary>
    public static SchemaOption Enable(string optionName, string what) =>
        new(optionName, SchemaType.Bool) { Default = SchemaDefault.Json(false), Description = $"Whether to enable {what}." };
}

/// <summary>
/// An option's <c>default</c>: a JSON value, or one that is not (a function, a path, a derivation, a
/// set with <c>__toString</c>), which the converter does not emit (<c>isJsonValue</c>,
/// lib/jsonschema/default.nix:161-181). Both make the option optional.
/// </summary>
internal sealed record SchemaDefault(JsonNode? Value, bool IsJson)
{
    public static SchemaDefault Json(JsonNode? value) => new(value, true);

    public static readonly SchemaDefault NotJson = new(null, false);
}
