using System.Text;

namespace Conformance.Runner.Reports;

/// <summary>
/// The one writer of Markdown: every document the harness writes (summary.md, report.md,
/// upstream.md, findings' reports, the nightly's issue bodies and job summary) is built with it, so
/// escaping (table cells, inline code with backticks, fences longer than any run of backticks in a
/// block), blank lines between blocks and links to clan-core's forge are decided once.
/// </summary>
internal sealed class Markdown
{
    /// <summary>Where clan-core's pull requests and issues live: its own forge, not GitHub (whose numbers differ).</summary>
    public const string Forge = "https://git.clan.lol/clan/clan-core";

    private readonly StringBuilder _text = new();

    /// <summary>A heading of <paramref name="level"/> (1–6).</summary>
    public Markdown Heading(int level, string text) => Block(new string('#', Math.Clamp(level, 1, 6)) + " " + OneLine(text));

    /// <summary>A paragraph (its lines kept as they are).</summary>
    public Markdown Paragraph(string text) => string.IsNullOrWhiteSpace(text) ? this : Block(text.TrimEnd());

    /// <summary>A bulleted list, one item per entry (continuation lines indented under their item).</summary>
    public Markdown Bullets(IEnumerable<string> items)
    {
        var list = items.Select(i => "- " + i.TrimEnd().Replace("\n", "\n  ")).ToList();
        return list.Count == 0 ? this : Block(string.Join('\n', list));
    }

    /// <summary>A numbered list.</summary>
    public Markdown Numbered(IEnumerable<string> items)
    {
        var list = items.Select((item, i) => $"{i + 1}. " + item.TrimEnd().Replace("\n", "\n   ")).ToList();
        return list.Count == 0 ? this : Block(string.Join('\n', list));
    }

    /// <summary>A table; <paramref name="rightAligned"/> names the columns of numbers.</summary>
    public Markdown Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, params int[] rightAligned)
    {
        var lines = new List<string>
        {
            "| " + string.Join(" | ", header.Select(Cell)) + " |",
            "| " + string.Join(" | ", header.Select((_, i) => rightAligned.Contains(i) ? "---:" : "---")) + " |",
        };
        lines.AddRange(rows.Select(row => "| " + string.Join(" | ", row.Select(Cell)) + " |"));
        return Block(string.Join('\n', lines));
    }

    /// <summary>A fenced code block, fenced with more backticks than the longest run inside it.</summary>
    public Markdown Code(string text, string language = "")
    {
        var fence = new string('`', Math.Max(3, LongestRun(text, '`') + 1));
        return Block($"{fence}{language}\n{text.TrimEnd('\n')}\n{fence}");
    }

    /// <summary>A block quote.</summary>
    public Markdown Quote(string text) => Block(string.Join('\n', text.TrimEnd().Split('\n').Select(l => "> " + l)));

    /// <summary>An HTML comment: what the harness keeps for itself in a document meant for people.</summary>
    public Markdown Comment(string text) => Block($"<!-- {text.Replace("--", "- -")} -->");

    /// <summary>A block written as it is (already Markdown).</summary>
    public Markdown Raw(string markdown) => string.IsNullOrWhiteSpace(markdown) ? this : Block(markdown.TrimEnd());

    public override string ToString() => _text.ToString();

    /// <summary>Inline code: <paramref name="text"/> between enough backticks, padded when it starts or ends with one.</summary>
    public static string InlineCode(string text)
    {
        var ticks = new string('`', LongestRun(text, '`') + 1);
        var pad = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return $"{ticks}{pad}{text}{pad}{ticks}";
    }

    /// <summary>A link.</summary>
    public static string Link(string text, string url) => $"[{text.Replace("]", "\\]")}]({url.Replace(" ", "%20").Replace(")", "%29")})";

    /// <summary>A clan-core pull request on its forge, e.g. [#7295](https://git.clan.lol/clan/clan-core/pulls/7295).</summary>
    public static string PullRequest(int number) => Link($"#{number}", $"{Forge}/pulls/{number}");

    /// <summary>A clan-core commit on its forge.</summary>
    public static string Commit(string hash, int length = 9) => Link(hash[..Math.Min(length, hash.Length)], $"{Forge}/commit/{hash}");

    /// <summary>A table cell: one line, pipes escaped.</summary>
    public static string Cell(string text) => OneLine(text).Replace("|", "\\|");

    private static string OneLine(string text) => text.Replace("\r", "").Replace("\n", " ").Trim();

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text) { run = ch == c ? run + 1 : 0; longest = Math.Max(longest, run); }
        return longest;
    }

    private Markdown Block(string block)
    {
        if (_text.Length > 0) _text.Append('\n');
        _text.Append(block).Append('\n');
        return this;
    }
}
