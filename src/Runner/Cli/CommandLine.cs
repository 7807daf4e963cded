using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;

namespace Conformance.Runner.Cli;

/// <summary>Options every command that evaluates shares.</summary>
public sealed record NixOptions
{
    public string? InputsFile { get; init; }
    public IReadOnlyList<InputOverride> Overrides { get; init; } = [];
    public BackendKind Backend { get; init; } = BackendKind.Auto;
    public int Workers { get; init; } = 2;
    public bool KeepWorkDirectories { get; init; }
    public string? KnownDeviationsFile { get; init; }
    public string? KnownFailuresFile { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}

public abstract record Command
{
    public bool Verbose { get; init; }
}

public sealed record RunCommand(NixOptions Nix) : Command
{
    public int Cases { get; init; } = 100;
    public int Seed { get; init; }
    public int Size { get; init; } = Generators.ClanArbitraries.DefaultSize;
    public string? OutDirectory { get; init; }
    public IReadOnlyList<FocusArea> Focus { get; init; } = [];
    public bool Shrink { get; init; } = true;
    public TimeSpan ShrinkBudget { get; init; } = TimeSpan.FromMinutes(6);
}

public sealed record ReplayCommand(NixOptions Nix, string Path) : Command;

public sealed record ReportCommand(string Path) : Command;

public sealed record BenchCommand(NixOptions Nix) : Command
{
    public int Cases { get; init; } = 40;
    public int Seed { get; init; } = 1;
    public string? OutDirectory { get; init; }
}

public sealed record HelpCommand : Command;

/// <summary>A command line the CLI cannot accept; the message names the fix. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Parses the CLI (a stable contract: scripts and CI depend on it). Hand-written rather than a
/// parser library so every mistake gets one precise line naming the fix.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        usage: clan-conformance <command> [options]

        commands:
          run      run a campaign of generated clans against real Nix
                   --cases N  --seed S  --size N  --out DIR  --focus AREA (repeatable)  --no-shrink
          replay   re-run saved failures: replay PATH (a case.json, a failure directory or a failures directory)
          report   print the upstream-ready report of a saved failure: report PATH
          bench    compare one-process-per-case with the harness's batched, parallel evaluation
                   --cases N  --seed S  --out DIR

        evaluation options (run, replay, bench):
          --inputs FILE                 inputs map (flake input path -> directory) for offline evaluation
          --override-input NAME=REF     e.g. clan-core=github:clan-lol/clan-core (repeatable; wins over --inputs)
          --backend auto|container|host
          --workers K                   parallel nix processes (default 2)
          --timeout SECONDS             per nix process (default 600)
          --known-deviations FILE       default: known-deviations.json of the repository
          --keep-work                   keep rendered batches (debugging)
          --verbose                     log details; stack traces on errors

        focus areas: pkgs-for-system, priorities, overlays, nixpkgs-config, module-order, hostname, roles, classes, inventory, errors
        exit codes: 0 conforms (known deviations aside), 1 conformance failures, 2 usage or infrastructure error
        """;

    public static Command Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help") return new HelpCommand();
        var verb = args[0];
        if (verb is not ("run" or "replay" or "report" or "bench"))
            throw new UsageException($"unknown command '{verb}'. Commands: run, replay, report, bench (see --help).");

        var nix = new NixOptions();
        var overrides = new List<InputOverride>();
        var focus = new List<FocusArea>();
        int? cases = null, seed = null, size = null;
        string? outDir = null, path = null;
        var verbose = false;
        var shrink = true;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"{arg} needs a value.");
                return args[++i];
            }
            switch (arg)
            {
                case "--cases": cases = PositiveInt(arg, Value(), allowZero: false); break;
                case "--seed": seed = Int(arg, Value()); break;
                case "--size": size = PositiveInt(arg, Value(), allowZero: true); break;
                case "--out": outDir = Value(); break;
                case "--focus":
                    var name = Value();
                    focus.Add(FocusAreas.Parse(name) ?? throw new UsageException($"unknown --focus '{name}'. Areas: {string.Join(", ", FocusAreas.AllNames)}."));
                    break;
                case "--no-shrink": shrink = false; break;
                case "--inputs": nix = nix with { InputsFile = Value() }; break;
                case "--override-input":
                    try { overrides.Add(InputOverride.Parse(Value())); }
                    catch (ArgumentException e) { throw new UsageException("--override-input: " + e.Message); }
                    break;
                case "--backend":
                    var backend = Value();
                    nix = nix with
                    {
                        Backend = backend switch
                        {
                            "auto" => BackendKind.Auto,
                            "container" => BackendKind.Container,
                            "host" => BackendKind.Host,
                            _ => throw new UsageException($"unknown --backend '{backend}'. Use auto, container or host."),
                        },
                    };
                    break;
                case "--workers": nix = nix with { Workers = PositiveInt(arg, Value(), allowZero: false) }; break;
                case "--timeout": nix = nix with { Timeout = TimeSpan.FromSeconds(PositiveInt(arg, Value(), allowZero: false)) }; break;
                case "--known-deviations": nix = nix with { KnownDeviationsFile = Value() }; break;
                case "--keep-work": nix = nix with { KeepWorkDirectories = true }; break;
                case "--verbose": verbose = true; break;
                default:
                    if (arg.StartsWith('-')) throw new UsageException($"unknown option '{arg}' for '{verb}' (see --help).");
                    if (path is not null) throw new UsageException($"'{verb}' takes one path; got '{path}' and '{arg}'.");
                    path = arg;
                    break;
            }
        }
        nix = nix with { Overrides = overrides };
        Command command = verb switch
        {
            "run" => new RunCommand(nix) { Cases = cases ?? 100, Seed = seed ?? Random.Shared.Next(1, int.MaxValue), Size = size ?? Generators.ClanArbitraries.DefaultSize, OutDirectory = outDir, Focus = focus, Shrink = shrink },
            "replay" => new ReplayCommand(nix, path ?? throw new UsageException("replay needs a PATH: a case.json, a failure directory or a failures directory.")),
            "report" => new ReportCommand(path ?? throw new UsageException("report needs a PATH: a failure directory (failures/<fingerprint>).")),
            _ => new BenchCommand(nix) { Cases = cases ?? 40, Seed = seed ?? 1, OutDirectory = outDir },
        };
        if (verb != "run" && (focus.Count > 0 || size is not null || !shrink))
            throw new UsageException($"--focus, --size and --no-shrink belong to 'run', not '{verb}'.");
        if (verb is "replay" or "report" && (cases is not null || outDir is not null))
            throw new UsageException($"--cases and --out belong to 'run' and 'bench', not '{verb}'.");
        if (verb is "run" or "bench" && path is not null)
            throw new UsageException($"'{verb}' takes no path argument (got '{path}'); use --out DIR for the output directory.");
        return command with { Verbose = verbose };
    }

    private static int Int(string option, string value) =>
        int.TryParse(value, out var n) ? n : throw new UsageException($"{option} needs an integer, got '{value}'.");

    private static int PositiveInt(string option, string value, bool allowZero)
    {
        var n = Int(option, value);
        if (n < 0 || (!allowZero && n == 0))
            throw new UsageException($"{option} must be {(allowZero ? "zero or more" : "at least 1")}, got {n}.");
        return n;
    }
}
