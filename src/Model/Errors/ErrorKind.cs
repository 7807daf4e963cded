namespace Conformance.Model.Errors;

/// <summary>
/// The closed set of Nix evaluation error kinds the harness distinguishes. Classification of
/// Nix's stderr checks them most specific first and falls back to <see cref="Other"/>
/// (see NixDriver's <c>NixErrorClassifier</c>); the model predicts errors as one of these kinds
/// plus a key text, never as a full message.
/// </summary>
public enum ErrorKind
{
    /// <summary><c>The option `x' does not exist.</c> — a definition without a declaration.</summary>
    OptionDoesNotExist,

    /// <summary><c>The option `x' has conflicting definition values</c> — equal priority, different values.</summary>
    ConflictingDefinitions,

    /// <summary><c>The option `x' is defined multiple times while it's expected to be unique.</c></summary>
    NotUnique,

    /// <summary><c>A definition for option `x' is not of type `t'.</c></summary>
    TypeMismatch,

    /// <summary><c>The option `x' was accessed but has no value defined.</c></summary>
    NoValueDefined,

    /// <summary><c>The module … (class: "nixos") cannot be imported into a module evaluation that expects class "darwin".</c></summary>
    ClassMismatch,

    /// <summary><c>attribute 'x' missing</c> — not catchable by <c>builtins.tryEval</c>.</summary>
    AttributeMissing,

    /// <summary><c>infinite recursion encountered</c> — not catchable by <c>builtins.tryEval</c>.</summary>
    InfiniteRecursion,

    /// <summary>
    /// <c>cannot convert a function to JSON</c> — <c>builtins.toJSON</c> of a function (clan's
    /// uniqueDeferredSerializableModule check): a type error, not catchable by <c>builtins.tryEval</c>.
    /// </summary>
    NotJson,

    /// <summary><c>Failed assertions:</c> or <c>assertion … failed</c>.</summary>
    AssertionFailed,

    /// <summary>
    /// A source Nix had to fetch could not be fetched (<c>unable to download</c>, <c>Could not resolve
    /// host</c>): an infrastructure fault of the environment, never a conformance result.
    /// </summary>
    FetchFailed,

    /// <summary>A <c>throw</c> with a message not covered by a more specific kind.</summary>
    Throw,

    /// <summary>Anything else Nix reported as <c>error:</c>.</summary>
    Other,
}
