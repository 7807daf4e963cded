using System.CommandLine;
using System.Text;
using Conformance.Model.Observations;
using SclCommand = System.CommandLine.Command;

namespace Conformance.Runner.Cli;

/// <summary>
/// Reading a command line with the <see cref="Grammar"/>: help generated from it, and every mistake
/// as one <see cref="UsageException"/> line that names the fix (exit code 2). Messages are the
/// grammar's own (its value parsers, <see cref="ParseResult.UnmatchedTokens"/>), never the
/// library's English rewritten.
/// </summary>
internal static class CommandLine
{
    /// <summary>Parses a command line into its verb's record (what the verb's action runs); throws <see cref="UsageException"/> on a mistake.</summary>
    public static Command Parse(IReadOnlyList<string> args)
    {
        var grammar = new Grammar();
        return grammar.Record(Check(grammar, grammar.Root.Parse(args)));
    }

    /// <summary>The parse, when it has no mistake; otherwise the first mistake, in this CLI's words.</summary>
    public static ParseResult Check(Grammar grammar, ParseResult result)
    {
        var verb = result.CommandResult.Command;
        if (verb == grammar.Root)
        {
            var first = result.Tokens.FirstOrDefault()?.Value;
            throw new UsageException(first is null
                ? $"a command is needed: {string.Join(", ", grammar.All.Select(v => v.Name))} (see --help)."
                : $"unknown command '{first}'. Commands: {string.Join(", ", grammar.All.Select(v => v.Name))} (see --help).");
        }
        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            throw new UsageException(token.StartsWith('-') ? UnknownOption(token, verb, grammar) : $"'{verb.Name}' takes one path; got an extra argument '{token}'.");
        }
        // PATH takes any token, so an option of another verb lands there: name it as the option it is.
        if ((result.GetValue(grammar.Paths) ?? []).FirstOrDefault(p => p.StartsWith('-')) is { } stray)
            throw new UsageException(UnknownOption(stray, verb, grammar));
        // An option that takes a value, given without one (the grammar's arity allows none, so the library does not word this error).
        foreach (var option in verb.Options.Where(o => o.ValueType != typeof(bool)))
            if (result.GetResult(option) is { Implicit: false, Tokens.Count: 0 })
                throw new UsageException($"{option.Name} needs a value.");
        if (result.Errors.Count > 0) throw new UsageException(result.Errors[0].Message.TrimEnd());
        return result;
    }

    /// <summary>Whether the command line asks for help (<c>-h</c>, <c>--help</c>, <c>help</c>, or nothing at all), and for which verb.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args, out string? verb)
    {
        verb = args.Count > 0 && args[0] is not ("-h" or "--help" or "help") ? args[0] : args.Count > 1 && args[0] == "help" ? args[1] : null;
        return args.Count == 0 || args[0] is "-h" or "--help" or "help" || args.Skip(1).Any(a => a is "-h" or "--help");
    }

    /// <summary>The width help is wrapped to: a terminal's default.</summary>
    private const int Width = 80;

    /// <summary>
    /// Usage, generated from the grammar. Without a verb: one screen (at most 24 lines) listing the
    /// verbs, each with its one-line summary; with a verb: its usage, description and every option
    /// with its value name, description and default. Null for a verb the grammar does not know.
    /// </summary>
    public static string? Help(string? verbName = null)
    {
        var grammar = new Grammar();
        return verbName is null ? Overview(grammar) : grammar.All.FirstOrDefault(v => v.Name == verbName) is { } verb ? VerbHelp(grammar, verb) : null;
    }

    private static string Overview(Grammar grammar)
    {
        var text = new StringBuilder("usage: clan-conformance <command> [options]\n");
        foreach (var line in Wrap(grammar.Root.Description ?? "", Width)) text.AppendLine(line);
        text.AppendLine().AppendLine("commands:");
        foreach (var verb in grammar.All) text.AppendLine($"  {verb.Name,-8} {grammar.Summaries[verb.Name]}");
        text.AppendLine();
        text.AppendLine("clan-conformance <command> --help (or help <command>): its options");
        foreach (var line in Wrap(ExitCodesLine, Width)) text.AppendLine(line);
        return text.ToString();
    }

    private static string VerbHelp(Grammar grammar, SclCommand verb)
    {
        var paths = grammar.PathUsage.TryGetValue(verb.Name, out var p) ? " " + p : "";
        var text = new StringBuilder($"usage: clan-conformance {verb.Name} [options]{paths}\n\n");
        foreach (var line in Wrap(verb.Description ?? "", Width)) text.AppendLine(line);
        text.AppendLine().AppendLine("options:");
        var options = verb.Options.Where(o => !o.Hidden).Select(o => (Name: o.HelpName is { } value ? $"{o.Name} {value}" : o.Name, o.Description)).ToList();
        var column = Math.Min(options.Max(o => o.Name.Length), 28) + 4;
        foreach (var (name, description) in options)
        {
            var lines = Wrap(description ?? "", Width - column);
            text.AppendLine(name.Length + 2 < column - 1 ? $"  {name.PadRight(column - 2)}{lines[0]}" : $"  {name}\n{new string(' ', column)}{lines[0]}");
            foreach (var more in lines.Skip(1)) text.AppendLine(new string(' ', column) + more);
        }
        text.AppendLine();
        var notes = new List<string>();
        if (verb.Options.Any(o => o.Name == "--focus")) notes.Add($"focus areas: {string.Join(", ", FocusAreas.AllNames)}");
        if (verb.Options.Any(o => o.Name == "--generator")) notes.Add($"generators: {string.Join(", ", Generators.ClanArbitraries.KindNames)}");
        if (verb.Options.Any(o => o.Name == "--shrink-budget")) notes.Add("durations: seconds (300) or with a unit (90s, 5m, 1h)");
        notes.Add(ExitCodesLine);
        foreach (var line in notes.SelectMany(n => Wrap(n, Width))) text.AppendLine(line);
        return text.ToString();
    }

    private static string ExitCodesLine =>
        $"exit codes: {ExitCodes.Conforms} conforms / identical / found, {ExitCodes.Fails} conformance failures / differences / " +
        $"good and bad observe the same, {ExitCodes.Error} usage or infrastructure error";

    /// <summary>Words of <paramref name="text"/> in lines of at most <paramref name="width"/> characters (a longer word gets a line of its own).</summary>
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > width) lines.Add("");
            lines[^1] = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
        }
        return lines;
    }

    private static string UnknownOption(string token, SclCommand verb, Grammar grammar)
    {
        var owners = grammar.All.Where(c => c.Options.Any(o => o.Name == token || o.Aliases.Contains(token))).Select(c => c.Name).ToList();
        return owners.Count > 0
            ? $"{token} belongs to {string.Join(", ", owners.Select(o => $"'{o}'"))}, not '{verb.Name}' (see --help)."
            : $"unknown option '{token}' for '{verb.Name}' (see --help).";
    }

    /// <summary>Seconds, or a number with a unit: <c>90s</c>, <c>5m</c>, <c>1h</c>. Null when it is neither, or not positive.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsAsciiLetter(unit) && text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0) return null;
        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => null,
        };
    }
}
