using System.Text.RegularExpressions;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Architecture;

/// <summary>
/// Every Markdown document the runner writes goes through its one writer (<c>Reports/Markdown.cs</c>),
/// which decides escaping, fences and blank lines once: no other source writes a heading, a table row
/// or a code fence as a string of its own. Strings that only read a document back (a heading
/// searched for, a fence compared) are allowed.
/// </summary>
public sealed partial class MarkdownWriterSpecs
{
    [Fact]
    public void Only_the_markdown_writer_writes_headings_tables_and_fences()
    {
        var offenders = Offenders(Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "Runner"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "Markdown.cs")
            .Select(f => (Path.GetRelativePath(RepoPaths.Root, f), File.ReadAllText(f))));
        Assert.True(offenders.Count == 0, "Markdown written by hand (use Reports/Markdown):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_finds_a_heading_a_table_row_and_a_fence_written_by_hand()
    {
        var source = """
            text.AppendLine("## What differs");
            text.AppendLine($"| {a} | {b} |");
            md.AppendLine("```sh");
            var start = report.IndexOf("## Reproduction\n", StringComparison.Ordinal);
            if (lines[i] != "```sh") continue;
            """;
        Assert.Equal(3, Offenders([("x.cs", source)]).Count);
    }

    private static List<string> Offenders(IEnumerable<(string Path, string Text)> files) =>
        files.SelectMany(f => f.Text.Split('\n').Select((line, i) => (f.Path, Line: i + 1, Text: line)))
            .Where(l => BlockLiteral().IsMatch(l.Text) && !Reads().IsMatch(l.Text))
            .Select(l => $"{l.Path}:{l.Line}: {l.Text.Trim()}").ToList();

    /// <summary>A string literal (plain or interpolated) that starts a Markdown block: a heading, a table row, a fence.</summary>
    [GeneratedRegex("""\$?"(#{1,6} |\| |```)""")]
    private static partial Regex BlockLiteral();

    /// <summary>A line that reads a document back rather than writing one.</summary>
    [GeneratedRegex("""IndexOf\(|StartsWith\(|FindIndex\(|[!=]= "|const string""")]
    private static partial Regex Reads();
}
