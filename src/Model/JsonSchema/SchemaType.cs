using System.Text.Json.Nodes;

namespace Conformance.Model.JsonSchema;

/// <summary>
/// An option type as clan-core's JSON-schema converter tells them apart: by <c>type.name</c>
/// (lib/jsonschema/default.nix:50-115, <c>toBroaderOptionType</c>) and, for the types it looks
/// into, the parts it reads (<c>nestedTypes</c>, <c>functor.payload.values</c>, <c>getSubOptions</c>).
/// </summary>
internal abstract record SchemaType(string Name)
{
    /// <summary>
    /// A type the converter does not look into, by its nixpkgs <c>type.name</c>: <c>bool</c>,
    /// <c>int</c>, <c>unsignedInt16</c> (<c>types.port</c>), <c>float</c>, <c>str</c>, <c>path</c>,
    /// <c>strMatching ^…$</c>, <c>anything</c>, <c>raw</c>, <c>deferredModule</c>, … — or one it does
    /// not support (<c>functionTo</c>, <c>package</c>), which makes it throw.
    /// </summary>
    public sealed record Named(string TypeName) : SchemaType(TypeName);

    /// <summary><c>types.enum values</c> (its <c>functor.payload.values</c>).</summary>
    public sealed record Enum(IReadOnlyList<JsonNode?> Values) : SchemaType("enum");

    public sealed record NullOr(SchemaType Element) : SchemaType("nullOr");

    /// <summary><c>types.either left right</c>; nixpkgs' <c>types.oneOf</c> folds into nested ones (see <see cref="OneOf"/>).</summary>
    public sealed record Either(SchemaType Left, SchemaType Right) : SchemaType("either");

    /// <summary><c>types.coercedTo from f to</c>: <c>nestedTypes.coercedType</c> and <c>finalType</c>; the function is not read.</summary>
    public sealed record CoercedTo(SchemaType From, SchemaType To) : SchemaType("coercedTo");

    /// <summary><c>types.attrs</c>: any attribute set.</summary>
    public sealed record Attrs() : SchemaType("attrs");

    /// <summary><c>types.submodule</c>: the options its <c>getSubOptions</c> gives.</summary>
    public sealed record Submodule(SchemaModule Module) : SchemaType("submodule");

    public sealed record ListOf(SchemaType Element) : SchemaType("listOf");

    /// <summary><c>types.attrsOf</c>, or <c>types.lazyAttrsOf</c> (<paramref name="Lazy"/>), which the converter treats alike.</summary>
    public sealed record AttrsOf(SchemaType Element, bool Lazy = false) : SchemaType(Lazy ? "lazyAttrsOf" : "attrsOf");

    /// <summary><c>types.attrTag { tag = mkOption { type; }; }</c>: only each tag's type is read (lib/jsonschema/default.nix:657-675).</summary>
    public sealed record AttrTag(IReadOnlyDictionary<string, SchemaType> Tags) : SchemaType("attrTag");

    public static readonly SchemaType Bool = new Named("bool");
    public static readonly SchemaType Int = new Named("int");
    public static readonly SchemaType Float = new Named("float");
    public static readonly SchemaType Str = new Named("str");
    public static readonly SchemaType Path = new Named("path");

    /// <summary><c>types.port</c> is <c>ints.u16</c>, named <c>unsignedInt16</c> (nixpkgs lib/types.nix).</summary>
    public static readonly SchemaType Port = new Named("unsignedInt16");

    public static readonly SchemaType Anything = new Named("anything");
    public static readonly SchemaType Unspecified = new Named("unspecified");
    public static readonly SchemaType Raw = new Named("raw");
    public static readonly SchemaType DeferredModule = new Named("deferredModule");

    /// <summary>nixpkgs' <c>types.oneOf (t :: ts) = foldl' either t ts</c>: there is no oneOf type of its own.</summary>
    public static SchemaType OneOf(SchemaType first, params SchemaType[] rest) => rest.Aggregate(first, (acc, t) => new Either(acc, t));
}
