using System.Text.Json.Nodes;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Services;

/// <summary>
/// A value as Nix holds it lazily: JSON with errors in places. Reading a field serialises it with
/// <c>builtins.toJSON</c>, which walks attribute sets in name order and stops at the first error,
/// so the outcome of a field is its first error in that walk, or the whole value.
/// </summary>
internal abstract record ValueTree
{
    public static ValueTree Of(JsonNode? value) => new LeafTree(value);

    public static ValueTree Fails(ExpectedError error) => new ErrorTree(error);

    /// <summary>An attribute set (entries are walked in Nix's attribute order whatever the order given).</summary>
    public static ValueTree Object(IEnumerable<(string Key, ValueTree Value)> entries) => new ObjectTree(entries.ToList());

    public static ValueTree Array(IEnumerable<ValueTree> items) => new ArrayTree(items.ToList());

    /// <summary>The first error in <c>builtins.toJSON</c>'s walk, or null.</summary>
    public abstract ExpectedError? FirstError { get; }

    /// <summary>The JSON value; only when there is no error.</summary>
    public abstract JsonNode? ToJson();

    /// <summary>Whether any error in the tree is one <c>builtins.tryEval</c> cannot catch.</summary>
    public abstract bool HasUncatchable { get; }

    public Outcome ToOutcome(string rule) =>
        (FirstError is { } error ? Outcome.Fails(error) : Outcome.Value(ToJson(), rule)) with { BreaksTryEval = HasUncatchable };
}

internal sealed record LeafTree(JsonNode? Value) : ValueTree
{
    public override ExpectedError? FirstError => null;

    public override JsonNode? ToJson() => Value?.DeepClone();

    public override bool HasUncatchable => false;
}

internal sealed record ErrorTree(ExpectedError Error) : ValueTree
{
    public override ExpectedError? FirstError => Error;

    public override JsonNode? ToJson() => throw new InvalidOperationException("an error has no JSON value");

    public override bool HasUncatchable => !Error.IsCatchable;
}

internal sealed record ObjectTree(IReadOnlyList<(string Key, ValueTree Value)> Entries) : ValueTree
{
    private IEnumerable<(string Key, ValueTree Value)> Walk => Entries.OrderBy(e => e.Key, NixOrder.Instance);

    public override ExpectedError? FirstError => Walk.Select(e => e.Value.FirstError).FirstOrDefault(e => e is not null);

    public override JsonNode? ToJson()
    {
        var obj = new JsonObject();
        foreach (var (key, value) in Walk) obj[key] = value.ToJson();
        return obj;
    }

    public override bool HasUncatchable => Entries.Any(e => e.Value.HasUncatchable);
}

internal sealed record ArrayTree(IReadOnlyList<ValueTree> Items) : ValueTree
{
    public override ExpectedError? FirstError => Items.Select(i => i.FirstError).FirstOrDefault(e => e is not null);

    public override JsonNode? ToJson() => new JsonArray(Items.Select(i => i.ToJson()).ToArray());

    public override bool HasUncatchable => Items.Any(i => i.HasUncatchable);
}
