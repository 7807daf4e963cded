using System.CommandLine;
using System.CommandLine.Parsing;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Inputs;
using SclCommand = System.CommandLine.Command;

namespace Conformance.Runner.Cli;

/// <summary>
/// The CLI's grammar, declared once (a stable contract: scripts and CI depend on it): every option
/// with its value name, description and default, the verbs it belongs to, and how a parse becomes
/// one <see cref="Command"/> record per verb. Help is generated from it (<see cref="CommandLine.Help"/>);
/// values are checked by custom parsers whose messages name the fix.
/// </summary>
internal sealed class Grammar
{
    public readonly Option<int> Cases = Int("--cases", "N", "number of generated cases", Defaults.Cases, minimum: 1);
    public readonly Option<int> NightlyCases = Int("--cases", "N", "number of generated cases", Defaults.NightlyCases, minimum: 1);
    public readonly Option<int> BenchCases = Int("--cases", "N", "number of generated cases", Defaults.BenchCases, minimum: 1);
    public readonly Option<int?> Seed = new("--seed")
    {
        HelpName = "S",
        Description = "seed of the generated cases: same seed, same cases (default: a random one, printed)",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => ParseInt(r, "--seed", int.MinValue),
    };
    public readonly Option<int> BenchSeed = Int("--seed", "S", "seed of the generated cases", Defaults.BenchSeed, minimum: int.MinValue);
    public readonly Option<int> Size = Int("--size", "N", "size of the generated cases (0-100)", Generators.ClanArbitraries.DefaultSize, minimum: 0);
    public readonly Option<string> Out = Text("--out", "DIR", "output directory (default: runs/<date>-seed<S> or runs/diff-<base>-<head>-seed<S>)");
    public readonly Option<FocusArea[]> Focus = new("--focus")
    {
        HelpName = "AREA",
        Description = "count only disagreements in this focus area (repeatable)",
        CustomParser = r => r.Tokens.Select(t => FocusAreas.Parse(t.Value) is { } area ? area : Fail<FocusArea>(r, $"unknown --focus '{t.Value}'. Areas: {string.Join(", ", FocusAreas.AllNames)}.")).ToArray(),
    };
    public readonly Option<Generators.CaseKind?> Generator = new("--generator")
    {
        HelpName = "KIND",
        Description = "what is generated: " + string.Join("|", Generators.ClanArbitraries.KindNames) + " (default: all without --focus, services with --focus services, else clans)",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => Single(r, "--generator") is not { } token ? default
            : Generators.ClanArbitraries.ParseKind(token) is { } kind ? kind
            : Fail<Generators.CaseKind?>(r, $"unknown --generator '{token}'. Generators: {string.Join(", ", Generators.ClanArbitraries.KindNames)}."),
    };
    public readonly Option<CaseShard?> Shard = new("--shard")
    {
        HelpName = "K/N",
        Description = "check only shard K of N: the cases whose index i has (i-1) mod N = K-1; same seed, shards disjoint, together the whole campaign (see merge)",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => Single(r, "--shard") is not { } text ? default
            : CaseShard.Parse(text) is { } shard ? shard
            : Fail<CaseShard?>(r, $"--shard needs K/N with 1 <= K <= N, got '{text}'."),
    };
    public readonly Option<string> ReportOut = Text("--out", "DIR", "write there, one file (or test directory) per finding instead of printing");
    public readonly Option<string> MergeOut = Text("--out", "DIR", "output directory of the merged campaign (required)");
    public readonly Option<int> Cost = Int("--cost", "N", "observe the evaluation cost of the cases of the first N indices too (counted like --cases): nixpkgs instances (predicted by the model) and Nix's evaluator counters, one nix process per path and system", 0, minimum: 0);
    public readonly Option<int[]> Sizes = new("--sizes")
    {
        HelpName = "N,N,…",
        Description = "fleet sizes in machines (default " + string.Join(",", Defaults.ScaleSizes) + ")",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => [.. Defaults.ScaleSizes],
        CustomParser = r => Single(r, "--sizes") is not { } text ? [.. Defaults.ScaleSizes]
            : text.Split(',').Select(t => int.TryParse(t, out var n) && n >= 1 ? n : -1).ToArray() is var sizes && sizes.All(n => n >= 1) && sizes.Length > 1
                ? sizes.Distinct().Order().ToArray()
                : Fail<int[]>(r, $"--sizes needs two or more machine counts like 1,5,20,50,100, got '{text}'."),
    };
    public readonly Option<bool> NoShrink = new("--no-shrink") { Description = "save failures as found; no shrinking, verifying or bisecting" };
    public readonly Option<TimeSpan> ShrinkBudget = new("--shrink-budget")
    {
        HelpName = "DURATION",
        Description = $"wall time for shrinking, verifying and bisecting every cause (default {Defaults.ShrinkBudget.TotalMinutes:0}m)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => Defaults.ShrinkBudget,
        CustomParser = r => Single(r, "--shrink-budget") is not { } text ? default
            : CommandLine.ParseDuration(text) is { } d ? d
            : Fail<TimeSpan>(r, $"--shrink-budget needs a duration like 300, 90s, 5m or 1h, got '{text}'."),
    };
    public readonly Option<string> Inputs = Text("--inputs", "FILE", "inputs map (flake input path -> directory) for offline evaluation");
    public readonly Option<InputOverride[]> Overrides = new("--override-input")
    {
        HelpName = "NAME=REF",
        Description = "e.g. clan-core=path:/src/clan-core (repeatable; wins over --inputs)",
        CustomParser = r => r.Tokens.Select(t =>
        {
            try { return InputOverride.Parse(t.Value); }
            catch (ArgumentException e) { return Fail<InputOverride>(r, "--override-input: " + e.Message); }
        }).ToArray(),
    };
    public readonly Option<BackendKind> Backend = new("--backend")
    {
        HelpName = "auto|container|host",
        Description = "where nix runs (default auto: the container when Docker answers, else nix on PATH)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => BackendKind.Auto,
        CustomParser = r => Single(r, "--backend") switch
        {
            null => default,
            "auto" => BackendKind.Auto,
            "container" => BackendKind.Container,
            "host" => BackendKind.Host,
            var other => Fail<BackendKind>(r, $"unknown --backend '{other}'. Use auto, container or host."),
        },
    };
    public readonly Option<string?> Nix = Image("--nix", "the Nix to evaluate with: a version the image build knows (2.26, 2.34: docker/build-image.sh --nix VERSION) or an image NAME:TAG (default $CLAN_CONFORMANCE_IMAGE, else 2.26)");
    public readonly Option<string?> BaseNix = Image("--base-nix", "the Nix of the base side (VERSION or IMAGE, as --nix): diff one clan-core under two Nix versions");
    public readonly Option<string?> HeadNix = Image("--head-nix", "the Nix of the head side (VERSION or IMAGE, as --nix; default --nix)");
    public readonly Option<int> Workers = Int("--workers", "K", "parallel nix processes", Defaults.Workers, minimum: 1);
    public readonly Option<int> Timeout = Int("--timeout", "SECONDS", "per nix process", Defaults.TimeoutSeconds, minimum: 1);
    public readonly Option<string> KnownDeviations = Text("--known-deviations", "FILE", "default: known-deviations.json of the repository");
    public readonly Option<string> KnownFailures = Text("--known-failures", "FILE", "cause keys a gate tolerates; default: known-failures.txt of the repository");
    public readonly Option<bool> KeepWork = new("--keep-work") { Description = "keep rendered batches (debugging)" };
    public readonly Option<bool> Verbose = new("--verbose") { Description = "log details; stack traces on errors", Recursive = true };
    public readonly Option<string> Repository = Text("--clan-core-repo", "DIR", "a local clone of clan-core with its history (evaluated offline); with --base/--head (diff, scale) and --good/--bad (bisect) the clan-core checkout the command runs in by default");
    public readonly Option<string> Revision = Text("--clan-core-rev", "REV", "anything git resolves in --clan-core-repo: a hash, HASH^1, a branch (default HEAD)");
    public readonly Option<string> Base = Text("--base", "REV", "the base revision (what is expected)");
    public readonly Option<string> Head = Text("--head", "REV", "the head revision (what is tested)");
    public readonly Option<string> Good = Text("--good", "REV", "a revision that observes like the good one");
    public readonly Option<string> Bad = Text("--bad", "REV", "a revision that observes like the bad one");
    public readonly Option<string> NightlyRevision = Text("--rev", "REV", "the revision to check (default HEAD)");
    public readonly Option<string> State = Text("--state", "FILE", "state file: the last revision that passed the gate");
    public readonly Option<string> Summary = Text("--summary", "FILE", "job summary file (default $GITHUB_STEP_SUMMARY)");
    public readonly Option<bool> NoBisect = new("--no-bisect") { Description = "do not bisect new causes" };
    public readonly Option<string> InitialGood = Text("--initial-good", "REV", "the good end while the state file names none, the first night (default: the clan-core revision fixtures/test-clan/flake.lock pins)");
    public readonly Option<string> Merged = Text("--merged", "DIR", "decide the night (gate, state, summary) from merge --out DIR of its shards instead of running a campaign");
    public readonly Option<string> IssuesFile = Text("--issues", "FILE", "the issues filed before: a JSON array in GitHub's REST shape (number, title, body, state); default none");
    public readonly Option<string> RunUrl = Text("--run-url", "URL", "the workflow run that bodies and comments link to");
    public readonly Option<string> Verdicts = Text("--verdicts", "FILE", "also write each case's verdict as JSON (source, replayed, conforms, cause keys)");
    public readonly Option<string> Replayed = Text("--replayed", "FILE", "tonight's replays of the issues' cases (replay --verdicts): an issue closes when its case no longer shows its cause");
    public readonly Option<string> CasesOut = Text("--cases-out", "DIR", "write each tracked issue's shrunk case to DIR/NUMBER.json (to replay them) and stop");
    public readonly Argument<string[]> Paths = new("PATH") { Arity = ArgumentArity.ZeroOrMore };

    public readonly Option<string> Json = Text("--json", "FILE", "also write the report as JSON (with --base/--head: the diff, its 'drift' the added options nothing generates)");

    public readonly Option<bool> NixUnit = new("--nix-unit") { Description = "as a nix-unit test set (test_* = { expr; expected; }), clan-core's eval-tests format" };
    public readonly Option<bool> ClanCorePatch = new("--clan-core-patch") { Description = "as a patch to clan-core (DIR/NAME.patch, made for the reported revision of --clan-core-repo) adding the test where its eval checks run it; then applied and the test evaluated there (a diff's failure: on the base too)" };

    public readonly SclCommand Run, Diff, Bisect, Replay, Report, Export, Bench, Nightly, Merge, Issues, Scale, Coverage, History;
    public readonly RootCommand Root = new("clan-conformance: generated clans, real clan-core under real Nix, against a model of what it should do");

    public Grammar()
    {
        Option[] evaluation = [Inputs, Overrides, Backend, Nix, Workers, Timeout, KnownDeviations, KeepWork, Verbose];
        Option[] campaign = [Seed, Size, Out, Focus, Generator, Cost, NoShrink, ShrinkBudget, KnownFailures];
        // --shard on nightly runs only the campaign of the shard: the gate and the state act on the whole night, after merge (--merged).
        Run = Verb("run", "a campaign of generated clans against the model", null, "a campaign of generated clans against the model", [Cases, .. campaign, Shard, Repository, Revision, .. evaluation]);
        Diff = Verb("diff", "the same clans against two clan-core revisions (no model)", null, "the same generated clans against two clan-core revisions; every observed field that differs (no model), causes bisected to the commit that made them",
            [Repository, Base, Head, BaseNix, HeadNix, Cases, .. campaign, Shard, .. evaluation]);
        Bisect = Verb("bisect", "the first commit where a saved case turns from good to bad", "FAILURE_DIR|CASE_JSON", "the first commit where a saved case's observation turns from good's to bad's: bisect --clan-core-repo DIR --good REV --bad REV FAILURE_DIR_OR_CASE_JSON",
            [Repository, Good, Bad, .. evaluation]);
        Replay = Verb("replay", "re-check saved failures", "PATH", "re-run saved failures: replay PATH (a case.json, a failure directory or a failures directory)", [Repository, Revision, Verdicts, .. evaluation]);
        Report = Verb("report", "the upstream-ready report of a saved failure or a finding", "PATH", "print the upstream-ready report of a saved failure: report PATH (with --clan-core-repo: its commands are also run on --clan-core-rev); " +
            "of findings: report findings/NN-slug.json|findings [--out DIR] (each reproduction run now, its output quoted)",
            [Repository, Revision, ReportOut, .. evaluation]);
        Export = Verb("export", "a finding or a saved failure as a test clan-core can run", "PATH", "a finding or a saved failure as a test clan-core can run: export --nix-unit|--clan-core-patch PATH --out DIR (PATH: findings/NN-slug.json, findings, or failures/<fingerprint>)",
            [NixUnit, ClanCorePatch, ReportOut, Repository, Revision, .. evaluation]);
        Bench = Verb("bench", "the naive observer against the harness's, on the same cases", null, "the naive observer against the harness's, on the same cases", [BenchCases, BenchSeed, Out, .. evaluation]);
        Nightly = Verb("nightly", "campaign, gate on new causes, bisection, job summary", null, "campaign on a revision, gate on new causes, bisect each against the last revision that passed, job summary",
            [Repository, NightlyRevision, State, Summary, NoBisect, InitialGood, Shard, Merged, NightlyCases, .. campaign, .. evaluation]);
        Merge = Verb("merge", "the outputs of run --shard K/N as one campaign (no Nix)", "SHARD_DIR...", "combine the outputs of run --shard K/N (or diff) into one: merge --out DIR SHARD_DIR... (ledger rebuilt from every results.jsonl and shrinks.jsonl)",
            [MergeOut, Verbose]);
        Issues = Verb("issues", "the issues a night opens, updates, reopens and closes (dry run)", "NIGHT_DIR", "the issues a night opens, comments on, reopens and closes, one per cause key: issues NIGHT_DIR [--issues FILE] (writes NIGHT_DIR/issues-plan.json; scripts/nightly applies it)",
            [IssuesFile, RunUrl, Replayed, CasesOut, Verbose]);
        Scale = Verb("scale", "the evaluation cost of generated fleets of growing size", null, "generated fleets of increasing size (mixed systems and classes): nixpkgs instances, Nix's counters, wall time and peak memory per path, per-machine growth and a plot; --base/--head for two revisions side by side",
            [Sizes, Out, Repository, Revision, Base, Head, .. evaluation]);
        Coverage = Verb("coverage", "which of clan-core's options the model covers", null, "clan-core's user-facing options at a revision (from Nix) marked generated/predicted/observed, option groups, and its eval tests the model specs re-express; --base/--head: options the head adds and which nothing generates (schema drift)",
            [Repository, Revision, Base, Head, Json, .. evaluation]);
        History = Verb("history", "the commit that introduced a finding's or failure's behaviour", "PATH", "the commit that introduced each finding's behaviour (found again as its file records: git log -S/-L or a bisection), its pull request on git.clan.lol and later reverts; of a saved failure, its first bad commit (bisected between its diff's revisions when not recorded): history PATH --clan-core-repo DIR [--clan-core-rev REV] [--good REV]",
            [Repository, Revision, Good, .. evaluation]);
        foreach (var verb in All) Root.Add(verb);
    }

    public IReadOnlyList<SclCommand> All => [Run, Diff, Bisect, Replay, Report, Export, Bench, Nightly, Merge, Issues, Scale, Coverage, History];

    /// <summary>Each verb's one line in the top-level help (its <see cref="SclCommand.Description"/> is the longer text of <c>VERB --help</c>).</summary>
    public IReadOnlyDictionary<string, string> Summaries => _summaries;

    /// <summary>What each verb that takes paths expects there, for its usage line (verbs absent here take none).</summary>
    public IReadOnlyDictionary<string, string> PathUsage => _pathUsage;

    private readonly Dictionary<string, string> _summaries = [];
    private readonly Dictionary<string, string> _pathUsage = [];

    private SclCommand Verb(string name, string summary, string? paths, string description, Option[] options)
    {
        var command = new SclCommand(name, description) { Paths };
        foreach (var option in options) command.Options.Add(option);
        _summaries[name] = summary;
        if (paths is not null) _pathUsage[name] = paths;
        return command;
    }

    /// <summary>The record of the verb a parse chose (the caller has checked <see cref="ParseResult.Errors"/>).</summary>
    public Command Record(ParseResult r)
    {
        var verb = r.CommandResult.Command;
        var nix = NixOptions(r);
        Command command = verb.Name switch
        {
            "run" => new RunCommand(nix, CampaignOptions(r, Cases)),
            "diff" => new DiffCommand(nix with { ClanCoreRepository = RepositoryOrCheckout(r, "diff") },
                CampaignOptions(r, Cases),
                Require(r, Base, "diff", "the base revision (what is expected)"),
                Require(r, Head, "diff", "the head revision (what is tested)"))
            {
                BaseImage = r.GetValue(BaseNix),
                HeadImage = r.GetValue(HeadNix),
            },
            "bisect" => new BisectCommand(nix with { ClanCoreRepository = RepositoryOrCheckout(r, "bisect") },
                Require(r, Good, "bisect", "a revision that observes like the good one"),
                Require(r, Bad, "bisect", "a revision that observes like the bad one"),
                OnePath(r, "bisect", "a failure directory (failures/<fingerprint>) or a case.json")),
            "replay" => new ReplayCommand(nix, OnePath(r, "replay", "a case.json, a failure directory or a failures directory")) { VerdictsFile = r.GetValue(Verdicts) },
            "report" => new ReportCommand(nix, OnePath(r, "report", "a failure directory (failures/<fingerprint>), a finding file or the findings directory")) { OutDirectory = r.GetValue(ReportOut) },
            "export" => (r.GetValue(NixUnit), r.GetValue(ClanCorePatch)) switch
            {
                (true, true) => throw new UsageException("export takes one format: --nix-unit or --clan-core-patch, not both."),
                (false, false) => throw new UsageException("export needs a format: --nix-unit (a test set) or --clan-core-patch (a patch to clan-core, with --clan-core-repo)."),
                (var nixUnit, _) => new ExportCommand(
                    nixUnit ? nix : nix with { ClanCoreRepository = Require(r, Repository, "export --clan-core-patch", "a local clone of clan-core: the patch is made from the reported revision's files") },
                    OnePath(r, "export", "a finding file, the findings directory or a failure directory"), Require(r, ReportOut, "export", "the directory the tests are written to"))
                {
                    Format = nixUnit ? ExportFormat.NixUnit : ExportFormat.ClanCorePatch,
                },
            },
            "nightly" => new NightlyCommand(nix with { ClanCoreRepository = Require(r, Repository, "nightly", "a local clone of clan-core with its history") },
                CampaignOptions(r, NightlyCases), r.GetValue(NightlyRevision) ?? "HEAD")
            {
                StateFile = r.GetValue(State),
                SummaryFile = r.GetValue(Summary),
                Bisect = !r.GetValue(NoBisect),
                InitialGood = r.GetValue(InitialGood),
                Merged = r.GetValue(Merged) is { } merged && r.GetValue(Shard) is { } shard
                    ? throw new UsageException($"--merged and --shard {shard} exclude each other: run each shard with --shard K/N, merge them, then nightly --merged DIR.")
                    : r.GetValue(Merged),
            },
            "issues" => new IssuesCommand(OnePath(r, "issues", "the nightly's output directory (with nightly.json)"))
            {
                IssuesFile = r.GetValue(IssuesFile),
                RunUrl = r.GetValue(RunUrl),
                ReplayedFile = r.GetValue(Replayed),
                CasesOut = r.GetValue(CasesOut),
            },
            "merge" => new MergeCommand(Require(r, MergeOut, "merge", "the output directory of the merged campaign"),
                r.GetValue(Paths) is { Length: > 0 } shards ? shards : throw new UsageException("merge needs SHARD_DIR...: the --out directories of run --shard K/N, one per shard.")),
            "history" => new HistoryCommand(Require(r, Repository, "history", "a local clone of clan-core with its history"),
                OnePath(r, "history", "a finding file, the findings directory or a failure directory")) { Revision = r.GetValue(Revision), Good = r.GetValue(Good), Nix = nix },
            "bench" => new BenchCommand(nix, r.GetValue(BenchCases), r.GetValue(BenchSeed), r.GetValue(Out)),
            "scale" => (r.GetValue(Base) is null) != (r.GetValue(Head) is null)
                ? throw new UsageException("scale compares two revisions only with both --base REV and --head REV (and --clan-core-repo); give both or neither.")
                : new ScaleCommand(r.GetValue(Base) is not null ? nix with { ClanCoreRepository = RepositoryOrCheckout(r, "scale --base/--head") } : nix,
                    r.GetValue(Sizes) ?? [.. Defaults.ScaleSizes], r.GetValue(Out), r.GetValue(Base), r.GetValue(Head)),
            "coverage" => (r.GetValue(Base) is null) != (r.GetValue(Head) is null)
                ? throw new UsageException("coverage compares two revisions only with both --base REV and --head REV (and --clan-core-repo); give both or neither.")
                : r.GetValue(Base) is not null && r.GetValue(Revision) is not null
                ? throw new UsageException("--clan-core-rev chooses one revision, --base/--head two; give one or the other.")
                : new CoverageCommand(r.GetValue(Base) is not null ? nix with { ClanCoreRepository = Require(r, Repository, "coverage --base/--head", "a local clone of clan-core with its history") } : nix,
                    r.GetValue(Base), r.GetValue(Head)) { JsonFile = r.GetValue(Json) },
            _ => throw new UsageException($"a command is needed: {string.Join(", ", All.Select(v => v.Name))} (see --help)."),
        };
        if (verb.Name is "run" or "bench" or "diff" or "nightly" or "scale" or "coverage" && (r.GetValue(Paths)?.Length ?? 0) > 0)
            throw new UsageException($"'{verb.Name}' takes no path argument (got '{r.GetValue(Paths)![0]}'); use --out DIR for the output directory.");
        return command with { Verbose = r.GetValue(Verbose) };
    }

    private NixOptions NixOptions(ParseResult r) => new()
    {
        InputsFile = r.GetValue(Inputs),
        Overrides = r.GetValue(Overrides) ?? [],
        Backend = r.GetValue(Backend),
        Workers = r.GetValue(Workers),
        Timeout = TimeSpan.FromSeconds(r.GetValue(Timeout)),
        KnownDeviationsFile = r.GetValue(KnownDeviations),
        KnownFailuresFile = r.GetValue(KnownFailures),
        KeepWorkDirectories = r.GetValue(KeepWork),
        ClanCoreRepository = r.GetValue(Repository),
        ClanCoreRevision = r.GetValue(Revision),
        Image = r.GetValue(Nix),
    };

    private CampaignOptions CampaignOptions(ParseResult r, Option<int> cases) => new()
    {
        Cases = r.GetValue(cases),
        Seed = r.GetValue(Seed) ?? Random.Shared.Next(1, int.MaxValue),
        Size = r.GetValue(Size),
        OutDirectory = r.GetValue(Out),
        Focus = r.GetValue(Focus) ?? [],
        Generator = r.GetValue(Generator),
        Shrink = !r.GetValue(NoShrink),
        ShrinkBudget = r.GetValue(ShrinkBudget),
        Shard = r.CommandResult.Command.Options.Contains(Shard) ? r.GetValue(Shard) : null,
        Cost = r.GetValue(Cost),
    };

    /// <summary>
    /// The clan-core checkout the command line runs in (<see cref="ClanCoreCheckout"/>):
    /// what <c>--clan-core-repo</c> defaults to for diff, bisect and scale --base/--head. Tests substitute it.
    /// </summary>
    public Func<string?> CurrentCheckout { get; init; } = () => ClanCoreCheckout.Find(Directory.GetCurrentDirectory());

    private string RepositoryOrCheckout(ParseResult r, string verb) =>
        r.GetValue(Repository) ?? CurrentCheckout()
        ?? throw new UsageException($"{verb} needs {Repository.Name}: a local clone of clan-core with its history (or run it inside a clan-core checkout, which it then defaults to).");

    private static string Require(ParseResult r, Option<string> option, string verb, string what) =>
        r.GetValue(option) ?? throw new UsageException($"{verb} needs {option.Name}: {what}.");

    private string OnePath(ParseResult r, string verb, string what)
    {
        var paths = r.GetValue(Paths) ?? [];
        return paths.Length switch
        {
            0 => throw new UsageException($"{verb} needs a PATH: {what}."),
            1 => paths[0],
            _ => throw new UsageException($"'{verb}' takes one path; got '{paths[0]}' and '{paths[1]}'."),
        };
    }

    private static Option<int> Int(string name, string helpName, string description, int defaultValue, int minimum) => new(name)
    {
        HelpName = helpName,
        Description = $"{description} (default {defaultValue})",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => ParseInt(r, name, minimum) ?? defaultValue,
    };

    private static int? ParseInt(ArgumentResult r, string name, int minimum)
    {
        if (Single(r, name) is not { } text) return null;
        if (!int.TryParse(text, out var n)) return Fail<int?>(r, $"{name} needs an integer, got '{text}'.");
        if (n < minimum) return Fail<int?>(r, $"{name} must be {(minimum == 0 ? "zero or more" : $"at least {minimum}")}, got {n}.");
        return n;
    }

    /// <summary>A Nix image option: a known version resolves to its image (<see cref="NixImages.Resolve"/>), anything else is refused naming the known ones.</summary>
    private static Option<string?> Image(string name, string description) => new(name)
    {
        HelpName = "VERSION|IMAGE",
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => Single(r, name) is not { } text ? null
            : NixImages.Resolve(text) ?? Fail<string?>(r, $"{name}: {NixImages.Unknown(text)}"),
    };

    /// <summary>An option with one text value (arity zero-or-one: given without one, <see cref="CommandLine.Check"/> says so in this CLI's words).</summary>
    private static Option<string> Text(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => Single(r, name),
    };

    /// <summary>The one token of an option; null when it was given without one (<see cref="CommandLine.Check"/> says so).</summary>
    private static string? Single(ArgumentResult r, string name) => r.Tokens.Count > 0 ? r.Tokens[0].Value : null;

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}

/// <summary>Defaults of the CLI, each declared once (the grammar shows them in help).</summary>
internal static class Defaults
{
    public const int Cases = 100;
    public const int NightlyCases = 300;
    public const int BenchCases = 40;
    public const int BenchSeed = 1;
    public const int Workers = NixDriver.Backends.NixDefaults.Workers;
    public static readonly int TimeoutSeconds = (int)NixDriver.Backends.NixDefaults.ProcessTimeout.TotalSeconds;

    /// <summary>scale's fleet sizes: 1 for the fixed cost, then enough points up to 100 machines to fit a slope.</summary>
    public static readonly IReadOnlyList<int> ScaleSizes = [1, 5, 20, 50, 100];

    /// <summary>Shrinking, verifying and bisecting every cause of a campaign: measured to hold 3–6 causes of a real upstream change on 2 cores (docs/performance.md).</summary>
    public static readonly TimeSpan ShrinkBudget = TimeSpan.FromMinutes(5);
}
