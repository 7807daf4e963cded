using System.Text.RegularExpressions;

namespace Conformance.Tests.Docs;

/// <summary>
/// A Markdown document as the docs rules read it: its lines, which of them are inside fenced code
/// blocks, and each line's prose (inline code spans blanked, so a command's numbers are no figures).
/// </summary>
internal sealed partial record Document(string Name, IReadOnlyList<string> Lines, IReadOnlyList<bool> InCode)
{
    public static Document Parse(string name, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var inCode = new bool[lines.Length];
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal);
            inCode[i] = fenced || fence;
            if (fence) fenced = !fenced;
        }
        return new Document(name, lines, inCode);
    }

    /// <summary>Line <paramref name="i"/> outside code, with inline code spans replaced by <c>`…`</c>; empty inside a code block.</summary>
    public string Prose(int i) => InCode[i] ? "" : InlineCode().Replace(Lines[i], "`…`");

    /// <summary>Where line <paramref name="i"/> is, for messages (1-based, like an editor).</summary>
    public string At(int i) => $"{Name}:{i + 1}";

    public bool IsTableRow(int i) => !InCode[i] && Lines[i].TrimStart().StartsWith('|');

    /// <summary>The tables: first and last line index of each (header, separator and body rows).</summary>
    public IEnumerable<(int First, int Last)> Tables()
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            if (!IsTableRow(i)) continue;
            var first = i;
            while (i + 1 < Lines.Count && IsTableRow(i + 1)) i++;
            if (i > first) yield return (first, i);
        }
    }

    /// <summary>The heading index of the section line <paramref name="i"/> belongs to (-1: before the first heading).</summary>
    public int SectionOf(int i)
    {
        for (var j = i; j >= 0; j--)
            if (!InCode[j] && Lines[j].StartsWith('#')) return j;
        return -1;
    }

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();
}
