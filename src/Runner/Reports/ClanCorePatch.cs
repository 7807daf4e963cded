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
    public static string Render(ClanCoreTest test, string entryFile, string subject, string body) =>
        Render([test], _ => entryFile, subject, body);

    /// <summary>One patch adding several tests: their files, then each suite's entry file with all of its registrations.</summary>
    /// <param name="entryFile">An entry file's text at the revision the patch is for, by its path.</param>
    public static string Render(IReadOnlyList<ClanCoreTest> tests, Func<string, string> entryFile, string subject, string body)
    {
        var text = new StringBuilder();
        text.Append("Subject: [PATCH] ").Append(subject).Append("\n\n").Append(body.TrimEnd()).Append("\n---\n");
        foreach (var test in tests)
        {
            var content = test.Text.TrimEnd('\n').Split('\n');
            text.Append($"diff --git a/{test.Path} b/{test.Path}\nnew file mode 100644\n--- /dev/null\n+++ b/{test.Path}\n@@ -0,0 +1,{content.Length} @@\n");
            foreach (var line in content) text.Append('+').Append(line).Append('\n');
        }
        foreach (var suite in tests.GroupBy(t => t.EntryFile))
        {
            var file = entryFile(suite.Key);
            var lines = file.Split('\n');
            // The entry file is one attribute set: its last non-empty line is the closing brace.
            var close = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
            if (close < 0 || lines[close].Trim() != "}")
                throw new FormatException($"{suite.Key} does not end with the closing brace of its attribute set; a test cannot be registered in it.");
            // The registrations, with up to three lines of context on each side.
            var before = Math.Max(0, close - 3);
            var after = Math.Min(lines.Length, close + 3);
            if (after == lines.Length && lines[^1].Length == 0) after--; // the empty string after the final newline is no line
            var context = after - before;
            var added = suite.Count();
            text.Append($"diff --git a/{suite.Key} b/{suite.Key}\n--- a/{suite.Key}\n+++ b/{suite.Key}\n");
            text.Append($"@@ -{before + 1},{context} +{before + 1},{context + added} @@\n");
            for (var i = before; i < after; i++)
            {
                if (i == close)
                    foreach (var test in suite) text.Append("+  ").Append(test.Registration).Append('\n');
                text.Append(' ').Append(lines[i]).Append('\n');
            }
            if (!file.EndsWith('\n')) text.Append("\\ No newline at end of file\n");
        }
        return text.ToString();
    }
}
