using System.Text.Json.Nodes;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Services;

/// <summary>What a definition of a deferred-module option is, as far as clan-core's types look at it.</summary>
internal enum ModuleValueKind
{
    /// <summary>An attribute set <c>builtins.toJSON</c> can serialise.</summary>
    Attrs,

    /// <summary>An attribute set with a function somewhere inside: <c>builtins.toJSON</c> fails.</summary>
    AttrsWithFunction,

    /// <summary>A function module (<c>{ ... }: { }</c>).</summary>
    Function,

    /// <summary>Anything else: a path, a string.</summary>
    Other,
}

/// <summary>One (priority-filtered) definition of a deferred-module option: the file it comes from, what it is, and its attributes when serialisable.</summary>
internal sealed record ModuleDefinition(string File, ModuleValueKind Kind)
{
    public JsonObject? Attrs { get; init; }

    /// <summary>It has a top-level <c>imports</c>.</summary>
    public bool HasImports { get; init; }
}

/// <summary>
/// clan-core's option types for deferred modules (lib/types/default.nix), merged as nixpkgs'
/// <c>mergeDefinitions</c> does: every definition type-checked first, then the type's merge.
/// </summary>
internal static class ClanTypes
{
    /// <summary>
    /// <c>uniqueDeferredSerializableModule</c> (the settings options of service instances): check is
    /// <c>seq (builtins.toJSON v) (isAttrs v)</c> (a function anywhere fails serialising — a type
    /// error tryEval cannot catch; a non-attribute set is "not of type"), then <c>mergeUniqueOption</c>
    /// (more than one definition: "defined multiple times"), then a top-level <c>imports</c> throws.
    /// The value is <c>{ imports = [ (setDefaultModuleLocation "FILE, via option OPTION" value) ]; }</c>.
    /// </summary>
    public static Outcome UniqueDeferredSerializableModule(string option, IReadOnlyList<ModuleDefinition> definitions)
    {
        if (UniqueDeferredSerializableModuleError(option, definitions) is { } error) return Outcome.Fails(error);
        var d = definitions[0];
        return Outcome.Value(new JsonObject { ["imports"] = new JsonArray(Located(option, d)) }, "uniqueDeferredSerializableModule");
    }

    /// <summary>The error <see cref="UniqueDeferredSerializableModule"/> raises, if any (null for no definition: the option has no value to check).</summary>
    public static ExpectedError? UniqueDeferredSerializableModuleError(string option, IReadOnlyList<ModuleDefinition> definitions)
    {
        foreach (var d in definitions)
        {
            if (d.Kind is ModuleValueKind.Function or ModuleValueKind.AttrsWithFunction)
                return new ExpectedError(ErrorKind.NotJson, "cannot convert a function to JSON",
                    $"uniqueDeferredSerializableModule checks builtins.toJSON of every kept definition of {option}: a function fails (a type error, which tryEval cannot catch)");
            if (d.Kind == ModuleValueKind.Other)
                return new ExpectedError(ErrorKind.TypeMismatch, $"{option}' is not of type",
                    $"uniqueDeferredSerializableModule's check needs an attribute set in {option}");
        }
        if (definitions.Count > 1)
            return new ExpectedError(ErrorKind.NotUnique, $"{option}' is defined multiple times while it's expected to be unique",
                $"uniqueDeferredSerializableModule merges with mergeUniqueOption: {definitions.Count} kept definitions of {option}");
        if (definitions.Count == 1 && definitions[0].HasImports)
            return new ExpectedError(ErrorKind.Throw, "uniqueDeferredSerializableModule doesn't allow nested imports",
                $"uniqueDeferredSerializableModule rejects a top-level imports in {option} when the module is loaded");
        return null;
    }

    /// <summary>
    /// <c>exclusiveDeferredModule { staticModules; warning; }</c>: check accepts attribute sets,
    /// functions and paths; the value is the static modules followed by every definition located
    /// (<c>setDefaultModuleLocation</c>), and more than one definition prints the type's warning.
    /// </summary>
    public static (Outcome Value, bool Warns) ExclusiveDeferredModule(string option, IReadOnlyList<JsonNode> staticModules, IReadOnlyList<ModuleDefinition> definitions)
    {
        if (definitions.FirstOrDefault(d => d.Kind == ModuleValueKind.Other) is not null)
            return (Outcome.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"{option}' is not of type", "exclusiveDeferredModule's check: attribute set, function or path")), false);
        var imports = new JsonArray([.. staticModules.Select(m => m.DeepClone()), .. definitions.Select(d => Located(option, d))]);
        return (Outcome.Value(new JsonObject { ["imports"] = imports }, "exclusiveDeferredModule"), definitions.Count > 1);
    }

    /// <summary><c>setDefaultModuleLocation "FILE, via option OPTION" value</c>: <c>{ _file; imports = [ value ]; }</c> (a function shown as <c>&lt;function&gt;</c>).</summary>
    private static JsonNode Located(string option, ModuleDefinition d) => new JsonObject
    {
        ["_file"] = $"{d.File}, via option {option}",
        ["imports"] = new JsonArray(d.Kind == ModuleValueKind.Function ? JsonValue.Create("<function>") : d.Attrs?.DeepClone() ?? new JsonObject()),
    };
}
