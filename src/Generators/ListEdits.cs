namespace Conformance.Generators;

/// <summary>The copies of a list the shrinkers make: one item left out, or one item replaced.</summary>
internal static class ListEdits
{
    public static List<T> Without<T>(IReadOnlyList<T> list, int index) => list.Where((_, i) => i != index).ToList();

    public static List<T> Replace<T>(IReadOnlyList<T> list, int index, T value) => list.Select((x, i) => i == index ? value : x).ToList();
}
