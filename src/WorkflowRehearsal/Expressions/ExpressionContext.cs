namespace Conformance.WorkflowRehearsal.Expressions;

/// <summary>
/// What an expression can see: the named contexts (<c>github</c>, <c>env</c>, <c>inputs</c>,
/// <c>steps</c>, <c>needs</c>, <c>matrix</c>, <c>runner</c>, <c>job</c>, <c>secrets</c>, <c>vars</c>;
/// keys ignore case, as GitHub's do), the job's status for <c>success()</c> and friends, and
/// <c>hashFiles</c>, which reads the workspace. A context that is not given is an error when named
/// (GitHub limits which contexts each key may use; naming one that is not available is a mistake).
/// </summary>
public sealed record ExpressionContext(IReadOnlyDictionary<string, object?> Contexts)
{
    /// <summary>Whether a step before this one (or, for a job, a needed job) failed.</summary>
    public bool Failed { get; init; }

    /// <summary>Whether the run was cancelled (here: the job hit its timeout).</summary>
    public bool Cancelled { get; init; }

    /// <summary><c>hashFiles(patterns…)</c>; null where the function is not available (workflow-level keys).</summary>
    public Func<IReadOnlyList<string>, string>? HashFiles { get; init; }

    /// <summary>A map of contexts with GitHub's case-insensitive keys.</summary>
    public static Dictionary<string, object?> Map(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in pairs) map[k] = v;
        return map;
    }
}
