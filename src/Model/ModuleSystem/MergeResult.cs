using Conformance.Model.Errors;

namespace Conformance.Model.ModuleSystem;

/// <summary>The merged value of an option: a value, an error, or undefined (no definitions, no default).</summary>
internal sealed record MergeResult<T>
{
    public T? Value { get; private init; }

    public ExpectedError? Error { get; private init; }

    public bool IsDefined { get; private init; }

    /// <summary>How the value was decided, for reports.</summary>
    public string Rule { get; private init; } = "";

    public static MergeResult<T> Of(T value, string rule) => new() { Value = value, IsDefined = true, Rule = rule };

    public static MergeResult<T> Fail(ExpectedError error) => new() { Error = error, IsDefined = true, Rule = error.Rule };

    public static MergeResult<T> Undefined(string rule) => new() { Rule = rule };

    public MergeResult<TOut> Map<TOut>(Func<T, TOut> map) =>
        Error is not null ? MergeResult<TOut>.Fail(Error)
        : !IsDefined ? MergeResult<TOut>.Undefined(Rule)
        : MergeResult<TOut>.Of(map(Value!), Rule);
}
