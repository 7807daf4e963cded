using System.Text.RegularExpressions;

namespace Conformance.NixDriver.Evaluation;

/// <summary>
/// The data in a successful evaluation's stderr: <c>builtins.trace</c> lines and evaluation
/// warnings, in order. Continuation lines (a multi-line trace or warning) are folded into their
/// entry. Nix's own chatter (no Internet, lock file notices, override notes) is dropped.
/// </summary>
public sealed partial record StderrReport(IReadOnlyList<StderrEntry> Entries)
{
    public IEnumerable<string> Traces => Entries.Where(e => e.Kind == StderrEntryKind.Trace).Select(e => e.Text);

    public static StderrReport Parse(string stderr)
    {
        var entries = new List<StderrEntry>();
        StderrEntryKind? current = null;
        var text = new List<string>();
        void Flush()
        {
            if (current is { } kind) entries.Add(new StderrEntry(kind, string.Join('\n', text).TrimEnd()));
            current = null;
            text.Clear();
        }
        foreach (var raw in stderr.Replace("\r\n", "\n").Split('\n'))
        {
            var trace = TracePrefix().Match(raw);
            var warning = WarningPrefix().Match(raw);
            if (trace.Success) { Flush(); current = StderrEntryKind.Trace; text.Add(raw[trace.Length..]); }
            else if (warning.Success)
            {
                Flush();
                if (!IsNixChatter(raw[warning.Length..])) { current = StderrEntryKind.Warning; text.Add(raw[warning.Length..]); }
            }
            else if (current is not null && raw.StartsWith(' ')) text.Add(raw.Trim());
            else Flush();
        }
        Flush();
        return new StderrReport(entries);
    }

    private static bool IsNixChatter(string warning) =>
        warning.StartsWith("you don't have Internet access", StringComparison.Ordinal)
        || warning.StartsWith("not writing modified lock file", StringComparison.Ordinal)
        || warning.Contains("has an override for a non-existent input", StringComparison.Ordinal)
        || warning.StartsWith("Git tree", StringComparison.Ordinal);

    [GeneratedRegex(@"^trace: ")]
    private static partial Regex TracePrefix();

    // "evaluation warning:" is lib.warn / builtins.warn (Nix >= 2.23); plain "warning:" is Nix itself.
    [GeneratedRegex(@"^(evaluation )?warning: ")]
    private static partial Regex WarningPrefix();
}

public enum StderrEntryKind { Trace, Warning }

public sealed record StderrEntry(StderrEntryKind Kind, string Text);
