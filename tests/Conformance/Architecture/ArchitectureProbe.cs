using Xunit.Abstractions;

namespace Conformance.Tests.Architecture;

public sealed class ArchitectureProbe(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        var graph = NamespaceGraph.Of(typeof(Conformance.Runner.Program).Assembly.Location, "Conformance.Runner");
        foreach (var ns in graph.Namespaces.Order()) output.WriteLine($"{ns} -> {string.Join(", ", graph.UsedBy(ns))}");
        foreach (var c in graph.Cycles()) output.WriteLine("CYCLE: " + string.Join(" ", c));
        foreach (var c in graph.Cycles())
            foreach (var a in c) foreach (var b in c) if (graph.UsedBy(a).Contains(b)) output.WriteLine($"  {a} -> {b}: {string.Join("; ", graph.Witnesses(a, b))}");
    }
}
