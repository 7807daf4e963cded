using Conformance.Model.Cases;
using Conformance.Model.Errors;

namespace Conformance.Model.ModuleSystem;

/// <summary>
/// nixpkgs lib/modules.nix <c>collectModules</c> and the order definitions are merged in:
/// <list type="number">
/// <item><c>collectStructuredModules</c> loads every import, giving anonymous modules the key
/// <c>"&lt;parent key&gt;:anon-&lt;n&gt;"</c> and checking <c>_class</c> against the evaluation's class;</item>
/// <item><c>filterModules</c> runs <c>builtins.genericClosure</c> over it: breadth first, keeping
/// the first module of each key and not expanding later duplicates;</item>
/// <item><c>evalModules</c> merges <c>reverseList</c> of that list, so definitions are seen
/// deepest-and-last first, and the importing module's own definitions after its imports'.</item>
/// </list>
/// </summary>
internal static class ModuleCollector
{
    /// <summary>The collected modules in genericClosure (breadth-first) order, or a class error.</summary>
    public static (IReadOnlyList<ModuleNode> Modules, ExpectedError? Error) Collect(IReadOnlyList<ModuleNode> roots, ModuleClass evaluationClass)
    {
        // Class check first: collectStructuredModules checks every import occurrence, duplicates included.
        var classError = FindClassMismatch(roots, evaluationClass);
        if (classError is not null) return ([], classError);

        var result = new List<ModuleNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(ModuleNode Node, string Key)>();
        for (var i = 0; i < roots.Count; i++)
            queue.Enqueue((roots[i], roots[i].Key ?? $":anon-{i + 1}"));
        while (queue.Count > 0)
        {
            var (node, key) = queue.Dequeue();
            if (!seen.Add(key)) continue;
            result.Add(node);
            for (var i = 0; i < node.Imports.Count; i++)
            {
                var child = node.Imports[i];
                queue.Enqueue((child, child.Key ?? $"{key}:anon-{i + 1}"));
            }
        }
        return (result, null);
    }

    /// <summary>Definitions in the order lib.modules merges them: reversed collection order, each module's own definitions in written order.</summary>
    public static (IReadOnlyList<LocatedDefinition> Definitions, ExpectedError? Error) DefinitionsInMergeOrder(IReadOnlyList<ModuleNode> roots, ModuleClass evaluationClass)
    {
        var (modules, error) = Collect(roots, evaluationClass);
        if (error is not null) return ([], error);
        var definitions = new List<LocatedDefinition>();
        foreach (var module in modules.Reverse())
            definitions.AddRange(module.Definitions.Select(d => new LocatedDefinition(d, module)));
        return (definitions, null);
    }

    private static ExpectedError? FindClassMismatch(IEnumerable<ModuleNode> nodes, ModuleClass evaluationClass)
    {
        foreach (var node in nodes)
        {
            if (node.Class is { } c && c != ModuleClass.Generic && c != evaluationClass)
                return new ExpectedError(ErrorKind.ClassMismatch,
                    $"(class: \"{Name(c)}\") cannot be imported into a module evaluation that expects class \"{Name(evaluationClass)}\"",
                    "lib.modules checkModule: a module with _class must be imported into an evaluation of that class");
            if (FindClassMismatch(node.Imports, evaluationClass) is { } inner) return inner;
        }
        return null;
    }

    private static string Name(ModuleClass c) => c.ToString().ToLowerInvariant();
}
