namespace Conformance.WorkflowRehearsal.Running;

/// <summary>
/// The runner's file commands (GITHUB_OUTPUT, GITHUB_ENV): <c>name=value</c> lines and
/// <c>name&lt;&lt;DELIMITER</c> … <c>DELIMITER</c> blocks; a line of any other shape fails the step
/// as GitHub's runner does ("Unable to process file command … successfully. Invalid format").
/// GITHUB_PATH: one directory per line, prepended to PATH for the following steps.
/// </summary>
internal static class FileCommands
{
    public static IReadOnlyList<KeyValuePair<string, string>> ReadPairs(string path, string command)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
        var result = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var eq = line.IndexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                var value = new List<string>();
                var end = Array.IndexOf(lines, delimiter, i + 1);
                if (end < 0) throw new FileCommandException($"Unable to process file command '{command}' successfully. Matching delimiter not found '{delimiter}'");
                result.Add(new(name, string.Join('\n', lines[(i + 1)..end])));
                i = end;
            }
            else if (eq > 0) result.Add(new(line[..eq], line[(eq + 1)..]));
            else throw new FileCommandException($"Unable to process file command '{command}' successfully. Invalid format '{line}'");
        }
        return result;
    }

    public static IReadOnlyList<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToList() : [];
}

internal sealed class FileCommandException(string message) : Exception(message);
