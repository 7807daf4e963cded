using System.Text;
using System.Text.RegularExpressions;

namespace Conformance.NixDriver.Evaluation;

/// <summary>
/// Drives <c>nix repl</c> as a batch evaluator and reads its transcript. Why the repl: it keeps
/// going after an error — including the ones <c>builtins.tryEval</c> cannot catch (missing
/// attributes, infinite recursion) — and prints each error's message, so one process yields the
/// value or the message of every expression, where <c>nix eval</c> would need one process each.
/// <para>
/// The input is <see cref="Rendering.ReplScript"/>'s: stdout then holds, after each value marker,
/// the JSON string or nothing; stderr holds, after each stderr marker, the traces, warnings and
/// error of that expression.
/// </para>
/// </summary>
public static partial class NixReplTranscript
{
    /// <summary>One expression's outcome: JSON text, or an error, plus the stderr entries it produced.</summary>
    public sealed record Item(string? Json, NixError? Error, StderrReport Stderr);

    /// <summary>Parses a transcript; null when it is incomplete (the repl died before the end marker).</summary>
    public static IReadOnlyList<Item>? Parse(string stdout, string stderr, int count)
    {
        var values = new string?[count];
        var current = -1;
        var complete = false;
        foreach (var raw in stdout.Replace("\r", "").Split('\n'))
        {
            var line = Ansi().Replace(raw, "").Trim();
            if (line.Length == 0 || line.StartsWith("nix-repl>", StringComparison.Ordinal)) continue;
            if (!line.StartsWith('"') || !line.EndsWith('"')) continue;
            var text = Unquote(line);
            var marker = StdoutMarker().Match(text);
            if (marker.Success) { current = int.Parse(marker.Groups[1].Value); continue; }
            if (text == Rendering.ReplScript.EndMarker) { complete = true; current = -1; continue; }
            if (current >= 0 && current < count) values[current] = text;
        }
        if (!complete) return null;

        var segments = new List<string>[count];
        for (var i = 0; i < count; i++) segments[i] = [];
        current = -1;
        foreach (var line in stderr.Replace("\r", "").Split('\n'))
        {
            var marker = StderrMarker().Match(line);
            if (marker.Success) { current = int.Parse(marker.Groups[1].Value); continue; }
            if (current >= 0 && current < count) segments[current].Add(line);
        }
        return Enumerable.Range(0, count).Select(i =>
        {
            var text = string.Join('\n', segments[i]);
            var report = StderrReport.Parse(text);
            return values[i] is { } json
                ? new Item(json, null, report)
                : new Item(null, NixErrorClassifier.Classify(text) ?? new NixError(Model.Errors.ErrorKind.Other, "nix repl printed neither a value nor an error"), report);
        }).ToList();
    }

    /// <summary>Reads a string as the repl prints it (Nix string literal escapes).</summary>
    public static string Unquote(string literal)
    {
        var body = literal[1..^1];
        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i == body.Length - 1) { result.Append(body[i]); continue; }
            var next = body[++i];
            result.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', _ => next });
        }
        return result.ToString();
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex Ansi();

    // The shapes of ReplScript.ValueMarker and StderrMarker.
    [GeneratedRegex(@"\A@@S(\d+)@@\z")]
    private static partial Regex StdoutMarker();

    [GeneratedRegex(@"^trace: @@M(\d+)@@$")]
    private static partial Regex StderrMarker();
}
