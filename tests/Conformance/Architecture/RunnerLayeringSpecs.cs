namespace Conformance.Tests.Architecture;

/// <summary>
/// The Runner's namespaces form layers, each using only those below it: Checking, Progress → Cli →
/// Corpus → Hosting → History → Reports → Bisecting, Sinks → Campaigns → Nightly, Bench, Coverage,
/// Scale → the root (Program and the composition root). A cycle makes every namespace in it
/// understandable only together; this names the types that close one.
/// </summary>
public sealed class RunnerLayeringSpecs
{
    private const string Root = "Conformance.Runner";

    [Fact]
    public void The_runners_namespaces_import_one_way()
    {
        var graph = NamespaceGraph.Of(typeof(Conformance.Runner.Program).Assembly.Location, Root);
        // The reader sees the edges (an empty graph has no cycles either).
        Assert.Contains($"{Root}.Sinks", graph.UsedBy($"{Root}.Campaigns"));

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, Describe(graph, cycles));
    }

    [Fact]
    public void The_cycle_search_finds_a_cycle_and_names_its_edges()
    {
        var graph = new NamespaceGraph([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E"), ("E", "D"), ("F", "A")]);

        var cycles = graph.Cycles();

        Assert.Equal([["A", "B", "C"], ["D", "E"]], cycles.OrderBy(c => c[0], StringComparer.Ordinal));
        Assert.Equal("""
            cycle A, B, C:
              A -> B: A → B
              B -> C: B → C
              C -> A: C → A
            cycle D, E:
              D -> E: D → E
              E -> D: E → D
            """.ReplaceLineEndings("\n"), Describe(graph, cycles.OrderBy(c => c[0], StringComparer.Ordinal).ToList()));
    }

    /// <summary>Each cycle with the edges inside it and the types that make each edge (<c>a -> b: T → U; …</c>).</summary>
    private static string Describe(NamespaceGraph graph, IReadOnlyList<IReadOnlyList<string>> cycles) =>
        string.Join("\n", cycles.SelectMany(cycle =>
            cycle.SelectMany(a => cycle.Where(b => graph.UsedBy(a).Contains(b)).Select(b => $"  {a} -> {b}: {string.Join("; ", graph.Witnesses(a, b))}"))
                .Prepend($"cycle {string.Join(", ", cycle)}:")));
}
