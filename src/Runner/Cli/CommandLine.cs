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

    /// <summary>Usage, generated from the grammar: every verb (or one) with its options, their value names, descriptions and defaults.</summary>
    public static string Help(string? verbName = null)
    {
        var grammar = new Grammar();
        var verbs = grammar.All.Where(v => verbName is null || v.Name == verbName).ToList();
        if (verbs.Count == 0) verbs = [.. grammar.All];
        var text = new StringBuilder("usage: clan-conformance <command> [options]\n\n");
        text.AppendLine(grammar.Root.Description).AppendLine();
        text.AppendLine(verbs.Count == 1 ? "command:" : "commands:");
        foreach (var verb in verbs)
        {
            text.AppendLine($"  {verb.Name,-8} {verb.Description}");
            foreach (var option in verb.Options.Where(o => !o.Hidden))
            {
                var name = option.HelpName is { } value ? $"{option.Name} {value}" : option.Name;
                text.AppendLine($"           {name,-30} {option.Description}");
            }
            text.AppendLine();
        }
        text.AppendLine($"focus areas: {string.Join(", ", FocusAreas.AllNames)}");
        text.AppendLine($"generators: {string.Join(", ", Generators.ClanArbitraries.KindNames)}");
        text.AppendLine("durations: seconds (300) or with a unit (90s, 5m, 1h)");
        text.AppendLine($"exit codes: {Campaigns.ExitCodes.Conforms} conforms / identical / found, {Campaigns.ExitCodes.Fails} conformance failures / differences / " +
                        $"good and bad observe the same, {Campaigns.ExitCodes.Error} usage or infrastructure error");
        return text.ToString();
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
