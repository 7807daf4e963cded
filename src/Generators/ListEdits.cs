namespace Conformance.Generators;

/// <summary>The copies of a list the shrinkers make: one item left out, or one item replaced.</summary>
internal static class ListEdits
{
    public static List<T> Without<T>(IReadOnlyList<T> list, int index) => list.Where((_, i) => i != index).ToList();

    public static List<T> Replace<T>(IReadOnlyList<T> list, int index, T value) => list.Select((x, i) => i == index ? value : x).ToList();

    /// <summary>
    /// Delta debugging's big cuts: the first half, then the second half of a list of more than two
    /// (a shrink step costs a Nix process, so halving a long list saves many one-at-a-time steps).
    /// </summary>
    public static IEnumerable<List<T>> Halves<T>(IReadOnlyList<T> list)
    {
        if (list.Count <= 2) yield break;
        yield return list.Take(list.Count / 2).ToList();
        yield return list.Skip(list.Count / 2).ToList();
    }
}
