using System.Text;
using Conformance.NixDriver.Rendering;

namespace Conformance.Runner.Reports;

/// <summary>
/// A patch that adds a test to clan-core the way its own tests are added: the test's file, and one
/// line importing it in the suite's entry file (<c>lib/tests.nix</c>, or the distributed-service
/// tests' <c>default.nix</c>), right before that file's closing brace — where nix-unit, run by the
/// suite's eval check, collects it. Built from the entry file as the target revision has it, so
/// <c>git apply</c> takes it there; a mail-like header (subject, body) precedes the diff, which
/// <c>git apply</c> skips and <c>git am</c> reads.
/// </summary>
internal static class ClanCorePatch
{
    /// <param name="entryFile">The suite's entry file at the revision the patch is for.</param>
    public static string Render(ClanCoreTest test, string entryFile, string subject, string body)
    {
        var lines = entryFile.Split('\n');
        // The entry file is one attribute set: its last non-empty line is the closing brace.
        var close = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
        if (close < 0 || lines[close].Trim() != "}")
            throw new FormatException($"{test.EntryFile} does not end with the closing brace of its attribute set; the test cannot be registered in it.");
        var text = new StringBuilder();
        text.Append("Subject: [PATCH] ").Append(subject).Append("\n\n").Append(body.TrimEnd()).Append("\n---\n");
        // The new file.
        var content = test.Text.TrimEnd('\n').Split('\n');
        text.Append($"diff --git a/{test.Path} b/{test.Path}\nnew file mode 100644\n--- /dev/null\n+++ b/{test.Path}\n@@ -0,0 +1,{content.Length} @@\n");
        foreach (var line in content) text.Append('+').Append(line).Append('\n');
        // The registration, with up to three lines of context on each side.
        var before = Math.Max(0, close - 3);
        var after = Math.Min(lines.Length, close + 3);
        if (after == lines.Length && lines[^1].Length == 0) after--; // the empty string after the final newline is no line
        var context = after - before;
        text.Append($"diff --git a/{test.EntryFile} b/{test.EntryFile}\n--- a/{test.EntryFile}\n+++ b/{test.EntryFile}\n");
        text.Append($"@@ -{before + 1},{context} +{before + 1},{context + 1} @@\n");
        for (var i = before; i < after; i++)
        {
            if (i == close) text.Append("+  ").Append(test.Registration).Append('\n');
            text.Append(' ').Append(lines[i]).Append('\n');
        }
        if (!entryFile.EndsWith('\n')) text.Append("\\ No newline at end of file\n");
        return text.ToString();
    }
}
