namespace Conformance.Model.JsonSchema;

/// <summary>
/// The arguments of <c>clanLib.jsonschema.fromOptions</c> (lib/jsonschema/default.nix:790-800), with
/// upstream's defaults: both modes, every property <c>readOnly</c>, no renamed types.
/// </summary>
/// <param name="TypePrefix">Prefix of every <c>$defs</c> name (clan-core uses e.g. <c>Inventory</c>; its tests <c>Main</c>).</param>
internal sealed record JsonSchemaOptions(string TypePrefix)
{
    public bool Input { get; init; } = true;

    public bool Output { get; init; } = true;

    /// <summary><c>readOnly.input</c>; upstream reads <c>readOnly.${mode} or true</c>, so an absent one is true.</summary>
    public bool ReadOnlyInput { get; init; } = true;

    public bool ReadOnlyOutput { get; init; } = true;

    /// <summary><c>renamedTypes</c>: a type prefix or name replaced wherever <c>getRenamedType</c> is applied.</summary>
    public IReadOnlyDictionary<string, string> RenamedTypes { get; init; } = new Dictionary<string, string>();
}
