using System.CommandLine;
using System.CommandLine.Parsing;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;
using SclCommand = System.CommandLine.Command;

namespace Conformance.Runner.Cli;

/// <summary>
/// Parses the CLI (a stable contract: scripts and CI depend on it) with System.CommandLine into
/// one <see cref="Command"/> record per verb. Every mistake becomes one <see cref="UsageException"/>
/// line that names the fix (exit code 2); the grammar — which option belongs to which verb — is
/// declared once below.
/// </summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: clan-conformance <command> [options]

        commands:
          run      a campaign of generated clans against the model
                   --cases N  --seed S  --size N  --out DIR  --focus AREA (repeatable)  --generator KIND  --no-shrink  --shrink-budget DURATION
          diff     the same generated clans against two clan-core revisions; every observed field that differs (no model)
                   --clan-core-repo DIR --base REV --head REV  [--cases N --seed S --out DIR --focus AREA --generator KIND --no-shrink --shrink-budget DURATION]
          bisect   the first commit where a saved case's observation turns from good's to bad's
                   --clan-core-repo DIR --good REV --bad REV  FAILURE_DIR_OR_CASE_JSON
          replay   re-run saved failures: replay PATH (a case.json, a failure directory or a failures directory)
          report   print the upstream-ready report of a saved failure: report PATH
                   (with --clan-core-repo/--clan-core-rev: its commands are also run against that revision)
          bench    the naive observer against the harness's, same cases: --cases N  --seed S  --out DIR
          nightly  campaign on a revision, gate on new causes, bisect each against the last revision that conformed, job summary
                   --clan-core-repo DIR --rev REV  [--state FILE --summary FILE --no-bisect --cases N --seed S --out DIR --shrink-budget DURATION]

        evaluation options (every command but report without a revision):
          --clan-core-repo DIR          a local clone of clan-core with its history (evaluated offline)
          --clan-core-rev REV           anything git resolves: a hash, HASH^1, a branch (run, replay, report; default HEAD)
          --inputs FILE                 inputs map (flake input path -> directory) for offline evaluation
          --override-input NAME=REF     e.g. clan-core=path:/src/clan-core (repeatable; wins over --inputs)
          --backend auto|container|host
          --workers K                   parallel nix processes (default 2)
          --timeout SECONDS             per nix process (default 600)
          --known-deviations FILE       default: known-deviations.json of the repository
          --known-failures FILE         cause keys a gate tolerates; default: known-failures.txt of the repository
          --keep-work                   keep rendered batches (debugging)
          --verbose                     log details; stack traces on errors

        focus areas: pkgs-for-system, priorities, overlays, nixpkgs-config, module-order, hostname, roles, classes, inventory, errors, services
        generators: clans (default), services (clan services without machine evaluations; the default with --focus services),
                    services-on-machines (clans with services, their modules in NixOS/nix-darwin machine evaluations)
        durations: seconds (300) or with a unit (90s, 5m, 1h)
        exit codes: 0 conforms / identical / found, 1 conformance failures / differences / good and bad observe the same, 2 usage or infrastructure error
        """;

    private static readonly string[] Verbs = ["run", "diff", "bisect", "replay", "report", "bench", "nightly"];

    public static Command Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help") return new HelpCommand(args.Count > 1 ? args[1] : null);
        if (!Verbs.Contains(args[0]))
            throw new UsageException($"unknown command '{args[0]}'. Commands: {string.Join(", ", Verbs)} (see --help).");
        if (args.Skip(1).Any(a => a is "-h" or "--help")) return new HelpCommand(args[0]);

        var grammar = new Grammar();
        var root = new RootCommand("clan-conformance") { grammar.Run, grammar.Diff, grammar.Bisect, grammar.Replay, grammar.Report, grammar.Bench, grammar.Nightly };
        var result = root.Parse(args);
        var verb = result.CommandResult.Command;
        if (result.Errors.Count > 0) throw new UsageException(Explain(result.Errors[0], verb, grammar));

        // PATH takes any token, so an option of another verb lands there: name it as the option it is.
        if ((result.GetValue(grammar.Paths) ?? []).FirstOrDefault(p => p.StartsWith('-')) is { } stray)
            throw new UsageException(UnknownOption(stray, verb, grammar));
        var nix = grammar.NixOptions(result);
        var verbose = result.GetValue(grammar.Verbose);
        Command command = verb.Name switch
        {
            "run" => new RunCommand(nix, grammar.CampaignOptions(result)),
            "diff" => new DiffCommand(nix with { ClanCoreRepository = Require(result, grammar.Repository, "diff", "a local clone of clan-core with its history") },
                grammar.CampaignOptions(result),
                Require(result, grammar.Base, "diff", "the base revision (what is expected)"),
                Require(result, grammar.Head, "diff", "the head revision (what is tested)")),
            "bisect" => new BisectCommand(nix with { ClanCoreRepository = Require(result, grammar.Repository, "bisect", "a local clone of clan-core with its history") },
                Require(result, grammar.Good, "bisect", "a revision that observes like the good one"),
                Require(result, grammar.Bad, "bisect", "a revision that observes like the bad one"),
                OnePath(result, grammar, "bisect", "a failure directory (failures/<fingerprint>) or a case.json")),
            "replay" => new ReplayCommand(nix, OnePath(result, grammar, "replay", "a case.json, a failure directory or a failures directory")),
            "report" => new ReportCommand(nix, OnePath(result, grammar, "report", "a failure directory (failures/<fingerprint>)")),
            "nightly" => new NightlyCommand(nix with { ClanCoreRepository = Require(result, grammar.Repository, "nightly", "a local clone of clan-core with its history") },
                grammar.CampaignOptions(result) with { Cases = result.GetValue(grammar.Cases) ?? 300 },
                result.GetValue(grammar.NightlyRevision) ?? "HEAD")
            {
                StateFile = result.GetValue(grammar.State),
                SummaryFile = result.GetValue(grammar.Summary),
                Bisect = !result.GetValue(grammar.NoBisect),
            },
            _ => new BenchCommand(nix)
            {
                Cases = result.GetValue(grammar.Cases) ?? 40,
                Seed = result.GetValue(grammar.Seed) ?? 1,
                OutDirectory = result.GetValue(grammar.Out),
            },
        };
        if (verb.Name is "run" or "bench" or "diff" or "nightly" && (result.GetValue(grammar.Paths)?.Length ?? 0) > 0)
            throw new UsageException($"'{verb.Name}' takes no path argument (got '{result.GetValue(grammar.Paths)![0]}'); use --out DIR for the output directory.");
        return command with { Verbose = verbose };
    }

    /// <summary>Usage text for a verb (or everything).</summary>
    public static string Help(string? verb) => Usage;

    /// <summary>System.CommandLine's errors in this CLI's words: one line, naming the fix.</summary>
    private static string Explain(ParseError error, SclCommand verb, Grammar grammar)
    {
        var message = error.Message;
        // An option another verb has: say whose it is.
        const string unrecognized = "Unrecognized command or argument '";
        if (message.StartsWith(unrecognized, StringComparison.Ordinal))
        {
            var token = message[unrecognized.Length..].TrimEnd('.', '\'');
            return token.StartsWith('-') ? UnknownOption(token, verb, grammar) : $"'{verb.Name}' takes one path; got an extra argument '{token}'.";
        }
        const string missing = "Required argument missing for option: '";
        if (message.StartsWith(missing, StringComparison.Ordinal))
            return $"{message[missing.Length..].TrimEnd('.', '\'')} needs a value.";
        return message.TrimEnd();
    }

    private static string UnknownOption(string token, SclCommand verb, Grammar grammar)
    {
        var owners = grammar.All.Where(c => c.Options.Any(o => o.Name == token || o.Aliases.Contains(token))).Select(c => c.Name).ToList();
        return owners.Count > 0
            ? $"{token} belongs to {string.Join(", ", owners.Select(o => $"'{o}'"))}, not '{verb.Name}' (see --help)."
            : $"unknown option '{token}' for '{verb.Name}' (see --help).";
    }

    private static string Require(ParseResult result, Option<string> option, string verb, string what) =>
        result.GetValue(option) ?? throw new UsageException($"{verb} needs {option.Name}: {what}.");

    private static string OnePath(ParseResult result, Grammar grammar, string verb, string what)
    {
        var paths = result.GetValue(grammar.Paths) ?? [];
        return paths.Length switch
        {
            0 => throw new UsageException($"{verb} needs a PATH: {what}."),
            1 => paths[0],
            _ => throw new UsageException($"'{verb}' takes one path; got '{paths[0]}' and '{paths[1]}'."),
        };
    }

    /// <summary>The grammar: every option once, attached to the verbs it belongs to.</summary>
    private sealed class Grammar
    {
        public readonly Option<int?> Cases = Int("--cases", "number of generated cases", minimum: 1);
        public readonly Option<int?> Seed = Int("--seed", "seed of the generated cases (same seed, same cases)", minimum: int.MinValue);
        public readonly Option<int?> Size = Int("--size", "size of the generated cases (0-100)", minimum: 0);
        public readonly Option<string> Out = new("--out") { Description = "output directory" };
        public readonly Option<FocusArea[]> Focus = new("--focus")
        {
            Description = "focus area (repeatable)",
            CustomParser = r => r.Tokens.Select(t => FocusAreas.Parse(t.Value) is { } area ? area : Fail<FocusArea>(r, $"unknown --focus '{t.Value}'. Areas: {string.Join(", ", FocusAreas.AllNames)}.")).ToArray(),
        };
        public readonly Option<Generators.CaseKind?> Generator = new("--generator")
        {
            Description = "clans|services|services-on-machines",
            CustomParser = r => Generators.ClanArbitraries.ParseKind(r.Tokens[0].Value) is { } kind
                ? kind
                : Fail<Generators.CaseKind?>(r, $"unknown --generator '{r.Tokens[0].Value}'. Generators: {string.Join(", ", Generators.ClanArbitraries.KindNames)}."),
        };
        public readonly Option<bool> NoShrink = new("--no-shrink") { Description = "save failures as found, do not shrink" };
        public readonly Option<TimeSpan?> ShrinkBudget = Duration("--shrink-budget", "wall time for shrinking all causes");
        public readonly Option<string> Inputs = new("--inputs") { Description = "inputs map (flake input path -> directory)" };
        public readonly Option<InputOverride[]> Overrides = new("--override-input")
        {
            Description = "NAME=FLAKEREF (repeatable)",
            CustomParser = r => r.Tokens.Select(t =>
            {
                try { return InputOverride.Parse(t.Value); }
                catch (ArgumentException e) { return Fail<InputOverride>(r, "--override-input: " + e.Message); }
            }).ToArray(),
        };
        public readonly Option<BackendKind?> Backend = new("--backend")
        {
            Description = "auto|container|host",
            CustomParser = r => r.Tokens[0].Value switch
            {
                "auto" => BackendKind.Auto,
                "container" => BackendKind.Container,
                "host" => BackendKind.Host,
                var other => Fail<BackendKind?>(r, $"unknown --backend '{other}'. Use auto, container or host."),
            },
        };
        public readonly Option<int?> Workers = Int("--workers", "parallel nix processes", minimum: 1);
        public readonly Option<int?> Timeout = Int("--timeout", "seconds per nix process", minimum: 1);
        public readonly Option<string> KnownDeviations = new("--known-deviations") { Description = "known-deviations.json" };
        public readonly Option<string> KnownFailures = new("--known-failures") { Description = "known-failures.txt (cause keys)" };
        public readonly Option<bool> KeepWork = new("--keep-work") { Description = "keep rendered batches" };
        public readonly Option<bool> Verbose = new("--verbose") { Description = "log details; stack traces on errors", Recursive = true };
        public readonly Option<string> Repository = new("--clan-core-repo") { Description = "a local clone of clan-core with its history" };
        public readonly Option<string> Revision = new("--clan-core-rev") { Description = "a revision of --clan-core-repo (default HEAD)" };
        public readonly Option<string> Base = new("--base") { Description = "base revision (expected)" };
        public readonly Option<string> Head = new("--head") { Description = "head revision (tested)" };
        public readonly Option<string> Good = new("--good") { Description = "a revision that observes like the good one" };
        public readonly Option<string> Bad = new("--bad") { Description = "a revision that observes like the bad one" };
        public readonly Option<string> NightlyRevision = new("--rev") { Description = "the revision to check (default HEAD)" };
        public readonly Option<string> State = new("--state") { Description = "state file: the last revision that conformed" };
        public readonly Option<string> Summary = new("--summary") { Description = "job summary file (default $GITHUB_STEP_SUMMARY)" };
        public readonly Option<bool> NoBisect = new("--no-bisect") { Description = "do not bisect new causes" };
        public readonly Argument<string[]> Paths = new("PATH") { Arity = ArgumentArity.ZeroOrMore };

        public readonly SclCommand Run, Diff, Bisect, Replay, Report, Bench, Nightly;

        public Grammar()
        {
            Option[] evaluation = [Inputs, Overrides, Backend, Workers, Timeout, KnownDeviations, KeepWork, Verbose];
            Option[] campaign = [Cases, Seed, Size, Out, Focus, Generator, NoShrink, ShrinkBudget, KnownFailures];
            Run = Verb("run", [.. evaluation, .. campaign, Repository, Revision]);
            Diff = Verb("diff", [.. evaluation, .. campaign, Repository, Base, Head]);
            Bisect = Verb("bisect", [.. evaluation, Repository, Good, Bad]);
            Replay = Verb("replay", [.. evaluation, Repository, Revision]);
            Report = Verb("report", [.. evaluation, Repository, Revision]);
            Bench = Verb("bench", [.. evaluation, Cases, Seed, Out]);
            Nightly = Verb("nightly", [.. evaluation, .. campaign, Repository, NightlyRevision, State, Summary, NoBisect]);
        }

        public IEnumerable<SclCommand> All => [Run, Diff, Bisect, Replay, Report, Bench, Nightly];

        private SclCommand Verb(string name, Option[] options)
        {
            var command = new SclCommand(name) { Paths };
            foreach (var option in options) command.Options.Add(option);
            return command;
        }

        public NixOptions NixOptions(ParseResult r) => new()
        {
            InputsFile = r.GetValue(Inputs),
            Overrides = r.GetValue(Overrides) ?? [],
            Backend = r.GetValue(Backend) ?? BackendKind.Auto,
            Workers = r.GetValue(Workers) ?? 2,
            Timeout = TimeSpan.FromSeconds(r.GetValue(Timeout) ?? 600),
            KnownDeviationsFile = r.GetValue(KnownDeviations),
            KnownFailuresFile = r.GetValue(KnownFailures),
            KeepWorkDirectories = r.GetValue(KeepWork),
            ClanCoreRepository = r.GetValue(Repository),
            ClanCoreRevision = r.GetValue(Revision),
        };

        public CampaignOptions CampaignOptions(ParseResult r) => new()
        {
            Cases = r.GetValue(Cases) ?? 100,
            Seed = r.GetValue(Seed) ?? Random.Shared.Next(1, int.MaxValue),
            Size = r.GetValue(Size) ?? Generators.ClanArbitraries.DefaultSize,
            OutDirectory = r.GetValue(Out),
            Focus = r.GetValue(Focus) ?? [],
            Generator = r.GetValue(Generator),
            Shrink = !r.GetValue(NoShrink),
            ShrinkBudget = r.GetValue(ShrinkBudget) ?? Cli.CampaignOptions.DefaultShrinkBudget,
        };

        private static Option<int?> Int(string name, string description, int minimum) => new(name)
        {
            Description = description,
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (!int.TryParse(text, out var n)) return Fail<int?>(r, $"{name} needs an integer, got '{text}'.");
                if (n < minimum) return Fail<int?>(r, $"{name} must be {(minimum == 0 ? "zero or more" : $"at least {minimum}")}, got {n}.");
                return n;
            },
        };

        private static Option<TimeSpan?> Duration(string name, string description) => new(name)
        {
            Description = description,
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                return ParseDuration(text) is { } d ? d : Fail<TimeSpan?>(r, $"{name} needs a duration like 300, 90s, 5m or 1h, got '{text}'.");
            },
        };

        private static T Fail<T>(ArgumentResult result, string message)
        {
            result.AddError(message);
            return default!;
        }
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
