namespace Conformance.Model.Coverage;

/// <summary>
/// An option's path in one of clan-core's option trees, as declared: components below the tree's
/// root, with the module system's placeholders (<c>&lt;name&gt;</c> for an attribute set of
/// submodules, <c>*</c> for a list of them) where a name is chosen by the user.
/// <para>
/// As a pattern (what a generator sets, what a field observes) it may also hold <c>*</c> for any one
/// component and end in <c>**</c> for the component and everything below it. A placeholder matches
/// any placeholder (clan-core names them differently: <c>&lt;name&gt;</c>, <c>&lt;roleName&gt;</c>).
/// </para>
/// </summary>
public sealed record OptionPath
{
    public OptionPath(OptionTree tree, IReadOnlyList<string> components)
    {
        if (components.Count == 0) throw new ArgumentException("an option path names at least one option below its tree's root", nameof(components));
        Tree = tree;
        Components = components;
    }

    public OptionTree Tree { get; }

    public IReadOnlyList<string> Components { get; }

    /// <summary>The full path as a clan author writes it, e.g. <c>clan.core.vars.generators.&lt;name&gt;.share</c>.</summary>
    public string Text => Tree.Prefix() + "." + string.Join('.', Components);

    /// <summary>
    /// Parses a full path (<see cref="Text"/>'s form). Component names never contain dots in the
    /// trees the harness reads (clan-core's option names), so a dot always separates.
    /// </summary>
    public static OptionPath Parse(string text)
    {
        var split = OptionTrees.Split(text.Split('.'))
            ?? throw new FormatException($"'{text}' is not in an option tree: it starts with none of {string.Join(", ", OptionTrees.All.Select(t => t.Prefix() + "."))}");
        return new OptionPath(split.Tree, split.Components);
    }

    /// <summary>Whether this pattern covers <paramref name="option"/> (a declared path).</summary>
    public bool Matches(OptionPath option)
    {
        if (option.Tree != Tree) return false;
        for (var i = 0; i < Components.Count; i++)
        {
            if (Components[i] == "**") return i == Components.Count - 1 ? true : throw new FormatException($"{Text}: '**' must be the last component");
            if (i >= option.Components.Count) return false;
            if (!Same(Components[i], option.Components[i])) return false;
        }
        return Components.Count == option.Components.Count;
    }

    public static bool IsPlaceholder(string component) => component == "*" || (component.StartsWith('<') && component.EndsWith('>'));

    private static bool Same(string pattern, string component) =>
        pattern == "*" || pattern == component || (IsPlaceholder(pattern) && IsPlaceholder(component));

    public bool Equals(OptionPath? other) => other is not null && other.Tree == Tree && other.Components.SequenceEqual(Components);

    public override int GetHashCode() => HashCode.Combine(Tree, Text);

    public override string ToString() => Text;
}
