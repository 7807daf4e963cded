using Conformance.NixDriver.Rendering.Syntax;

namespace Conformance.NixDriver.Rendering.Reduction;

/// <summary>
/// A repro as the reducer holds it: its Nix files parsed (<see cref="Nix"/>) and its other files
/// (<c>inventory.json</c>, a README) as text. <see cref="Print"/> gives the files a reader saves,
/// each Nix file formatted by <see cref="NixPrinter"/>; the printed text is the program's identity
/// (two programs that print alike are the same candidate).
/// </summary>
public sealed record ReproProgram(IReadOnlyDictionary<string, NixExpr> Nix, IReadOnlyDictionary<string, string> Text)
{
    /// <summary>Parses every <c>*.nix</c> file of a tree; a file that does not parse is an error naming it.</summary>
    public static ReproProgram Parse(RenderedTree tree)
    {
        var nix = new SortedDictionary<string, NixExpr>(StringComparer.Ordinal);
        var text = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in tree.Files)
        {
            if (!path.EndsWith(".nix", StringComparison.Ordinal) && path != ReportProfile.CommandFile) { text[path] = content; continue; }
            try
            {
                nix[path] = NixParser.Parse(content);
            }
            catch (NixParseException e)
            {
                throw new NixParseException($"{path}: {e.Message}");
            }
        }
        return new ReproProgram(nix, text);
    }

    public RenderedTree Print()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, expr) in Nix) files[path] = NixPrinter.Print(expr);
        foreach (var (path, content) in Text) files[path] = content;
        return new RenderedTree(files);
    }

    /// <summary>The printed program as one text (its identity in the reducer's cache).</summary>
    public string Listing() => Print().ToListing();

    /// <summary>How many lines the Nix files print to, without <c>flake.nix</c>'s <c>inputs</c> block (what a reader has to read).</summary>
    public int Lines()
    {
        var count = 0;
        foreach (var (path, content) in Print().Files)
        {
            if (!path.EndsWith(".nix", StringComparison.Ordinal)) continue;
            var lines = content.TrimEnd('\n').Split('\n');
            count += lines.Length;
            if (path != "flake.nix") continue;
            // The inputs block: from its `inputs = {` line to the matching `};` at the same indentation.
            var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("inputs", StringComparison.Ordinal));
            if (start < 0) continue;
            var indent = lines[start].Length - lines[start].TrimStart().Length;
            var end = lines[start].TrimEnd().EndsWith(';') ? start
                : Array.FindIndex(lines, start + 1, l => l.Length - l.TrimStart().Length == indent && l.TrimStart().StartsWith('}'));
            if (end >= start) count -= end - start + 1;
        }
        return count;
    }
}
