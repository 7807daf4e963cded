using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Conformance.Tests.Architecture;

/// <summary>
/// Which namespace of an assembly uses which, read from its IL (signatures, attributes and method
/// bodies: what a reader of the source would follow), with compiler-generated and nested types
/// counted as the type that declares them.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), SortedSet<string>> _witnesses = new();

    private NamespaceGraph() { }

    /// <summary>A graph given edge by edge, each its own witness: to test the cycle search itself.</summary>
    internal NamespaceGraph(IEnumerable<(string From, string To)> edges)
    {
        foreach (var (from, to) in edges)
        {
            _edges.TryAdd(to, new SortedSet<string>(StringComparer.Ordinal));
            if (!_edges.TryGetValue(from, out var used)) _edges[from] = used = new SortedSet<string>(StringComparer.Ordinal);
            used.Add(to);
            _witnesses[(from, to)] = new SortedSet<string>(StringComparer.Ordinal) { $"{from} → {to}" };
        }
    }

    public static NamespaceGraph Of(string assemblyPath, string rootNamespace)
    {
        var graph = new NamespaceGraph();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!from.StartsWith(rootNamespace, StringComparison.Ordinal)) continue;
            graph._edges.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal));
            foreach (var used in Uses(type))
            {
                var to = NamespaceOf(used);
                if (to == from || !to.StartsWith(rootNamespace, StringComparison.Ordinal)) continue;
                graph._edges[from].Add(to);
                if (!graph._witnesses.TryGetValue((from, to), out var w)) graph._witnesses[(from, to)] = w = new SortedSet<string>(StringComparer.Ordinal);
                w.Add($"{Outermost(type).Name} → {Outermost(used).Name}");
            }
        }
        return graph;
    }

    public IReadOnlyCollection<string> Namespaces => _edges.Keys;

    public IReadOnlySet<string> UsedBy(string ns) => _edges.TryGetValue(ns, out var s) ? s : new SortedSet<string>();

    /// <summary>Types of <paramref name="from"/> that use types of <paramref name="to"/> (for messages).</summary>
    public IEnumerable<string> Witnesses(string from, string to) =>
        _witnesses.TryGetValue((from, to), out var w) ? w.Take(4) : [];

    /// <summary>Strongly connected components with more than one namespace (Tarjan): each is a cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = 0;
        var stack = new Stack<string>();
        var on = new HashSet<string>();
        var idx = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var result = new List<IReadOnlyList<string>>();
        void Visit(string v)
        {
            idx[v] = low[v] = index++;
            stack.Push(v); on.Add(v);
            foreach (var w in UsedBy(v))
            {
                if (!_edges.ContainsKey(w)) continue;
                if (!idx.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (on.Contains(w)) low[v] = Math.Min(low[v], idx[w]);
            }
            if (low[v] != idx[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); on.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) result.Add(component.Order(StringComparer.Ordinal).ToList());
        }
        foreach (var v in _edges.Keys.Order(StringComparer.Ordinal)) if (!idx.ContainsKey(v)) Visit(v);
        return result;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static string NamespaceOf(TypeDefinition type) => Outermost(type).Namespace;

    private static string NamespaceOf(TypeReference type) => Outermost(type.GetElementType()).Namespace;

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        IEnumerable<TypeReference> Expand(TypeReference? t)
        {
            if (t is null) yield break;
            yield return t.GetElementType();
            if (t is GenericInstanceType g)
                foreach (var a in g.GenericArguments.SelectMany(Expand)) yield return a;
        }
        IEnumerable<TypeReference> Attributes(ICustomAttributeProvider p) =>
            p.HasCustomAttributes ? p.CustomAttributes.SelectMany(a => Expand(a.AttributeType)) : [];

        foreach (var t in Expand(type.BaseType)) yield return t;
        foreach (var t in type.Interfaces.SelectMany(i => Expand(i.InterfaceType))) yield return t;
        foreach (var t in Attributes(type)) yield return t;
        foreach (var f in type.Fields)
            foreach (var t in Expand(f.FieldType).Concat(Attributes(f))) yield return t;
        foreach (var p in type.Properties)
            foreach (var t in Expand(p.PropertyType)) yield return t;
        foreach (var m in type.Methods)
        {
            foreach (var t in Expand(m.ReturnType).Concat(m.Parameters.SelectMany(p => Expand(p.ParameterType))).Concat(Attributes(m))) yield return t;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var instruction in m.Body.Instructions)
            {
                var operand = instruction.Operand switch
                {
                    TypeReference t => Expand(t),
                    MethodReference mr => Expand(mr.DeclaringType).Concat(mr is GenericInstanceMethod gm ? gm.GenericArguments.SelectMany(Expand) : []),
                    FieldReference fr => Expand(fr.DeclaringType),
                    _ => [],
                };
                foreach (var t in operand) yield return t;
            }
        }
    }
}
