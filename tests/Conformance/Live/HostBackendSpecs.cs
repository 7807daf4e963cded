using System.Diagnostics;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Backends;
using Conformance.Runner.Checking;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Conformance.Tests.Differential;
using Conformance.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Conformance.Tests.Live;

/// <summary>
/// <see cref="HostNixBackend"/> (what the nightly uses) against a real <c>nix</c>. These run only
/// when the fixture's backend is the host backend: scripts/test-host-backend runs them inside the
/// Nix image with the host's .NET SDK mounted and <c>CLAN_CONFORMANCE_BACKEND=host</c>; anywhere
/// else they skip, saying so. Under <c>CLAN_CONFORMANCE_REQUIRE_LIVE=1</c> with the host backend
/// requested, a missing or old nix fails them (the fixture's rule).
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
[Trait("Category", "HostBackend")]
public sealed class HostBackendSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private NixSession HostSession()
    {
        var session = live.Require();
        Skip.If(session.Backend.Kind != BackendKind.Host,
            $"these specs drive the host backend, but this run uses {session.Backend.Description}. " +
            $"Run scripts/test-host-backend, or set {LiveNixFixture.BackendVariable}=host with nix >= {NixVersion.Minimum} on PATH.");
        return session;
    }

    [SkippableFact(Timeout = 120_000)]
    public async Task The_host_backend_runs_a_real_nix_2_18_or_newer()
    {
        var backend = HostSession().Backend;
        output.WriteLine(backend.Description);
        Assert.IsType<HostNixBackend>(backend);
        Assert.Equal(BackendKind.Host, backend.Kind);
        Assert.NotNull(backend.Version);
        Assert.True(backend.Version.IsSupported, $"nix {backend.Version} is older than {NixVersion.Minimum}");
        // The version it reports is the one the nix it runs prints.
        var printed = await backend.RunAsync(NixCommand.Create("--version").WithTimeout(TimeSpan.FromSeconds(30)));
        Assert.True(printed.Succeeded, printed.Stderr);
        Assert.Equal(backend.Version, NixVersion.TryParse(printed.Stdout));
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task The_fixture_clan_evaluates_to_its_machines_and_their_host_names()
    {
        var evaluator = HostSession().Evaluator;
        var fixture = RepoPaths.Fixture();
        var names = await evaluator.EvaluateAsync(NixEvalRequest.Attribute(fixture).WithApply(ObservationExpressions.For(ClanField.NixosConfigurations)));
        Assert.Equal(["cinnabar", "electrum"], names.Deserialize<string[]>());
        // The fixture sets no hostName: clan-core's default, the machine's name, reaches the configuration.
        var hostName = await evaluator.EvaluateAsync(NixEvalRequest.Attribute(fixture, "nixosConfigurations", "electrum")
            .WithApply(ObservationExpressions.For(MachineField.HostName)));
        Assert.Equal("electrum", hostName.Deserialize<string>());
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task An_evaluation_error_is_classified_with_the_kind_the_model_predicts()
    {
        var session = HostSession();
        // Two plain definitions of a types.str option with different values: a conflict (on an
        // otherwise valid machine: without a hostPlatform the model rightly predicts another error).
        var conflict = new ClanCase("hostconflict")
        {
            Modules =
            [
                new ModuleSpec("both", ModuleKind.Inline)
                {
                    Definitions = [new HostPlatformDef(Systems.X86_64Linux), new ScalarDef("one"), new ScalarDef("two")],
                },
            ],
            Machines = [new MachineSpec("m") { InClanMachines = true, Imports = ["both"] }],
        };
        var key = FieldKey.Configuration("m", MachineField.Scalar);
        var prediction = Oracle.Predict(conflict).Fields[key];
        output.WriteLine($"predicted {key}: {prediction}");
        var predicted = Assert.IsType<ErrorOutcome>(prediction).Error;
        Assert.Equal(ErrorKind.ConflictingDefinitions, predicted.Kind);

        var dir = session.CreateScratchDirectory("conflict");
        ClanRenderer.Render(conflict, Checks.Options.LockFile).WriteTo(dir);
        var request = NixEvalRequest.Attribute(dir, "nixosConfigurations", "m").WithApply(ObservationExpressions.For(MachineField.Scalar));
        var thrown = await Assert.ThrowsAsync<NixEvaluationException>(() => session.Evaluator.EvaluateAsync(request));
        output.WriteLine(thrown.Error.Message);
        Assert.Equal(ErrorKind.ConflictingDefinitions, thrown.Error.Kind);
        Assert.True(thrown.Error.Matches(predicted), $"expected {predicted}, got {thrown.Error.Kind}: {thrown.Error.Headline}");
    }

    [SkippableFact(Timeout = 120_000)]
    public async Task A_timeout_kills_nix_and_the_backend_stays_usable()
    {
        var backend = HostSession().Backend;
        // Reading a FIFO nobody writes to blocks in open(2): a hang that costs no CPU or memory.
        var fifo = Path.Combine(Scratch("timeout"), "never-written");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) { await mkfifo.WaitForExitAsync(); Assert.Equal(0, mkfifo.ExitCode); }
        var hang = NixCommand.Create("eval", "--impure", "--extra-experimental-features", "nix-command", "--expr", $"builtins.readFile (/. + {NixSyntax.String(fifo)})")
            .WithTimeout(TimeSpan.FromSeconds(2));

        var clock = Stopwatch.StartNew();
        var timedOut = await Assert.ThrowsAsync<NixTimeoutException>(() => backend.RunAsync(hang));
        output.WriteLine($"{timedOut.Message} (after {clock.Elapsed.TotalSeconds:0.0} s)");
        Assert.Equal(TimeSpan.FromSeconds(2), timedOut.Timeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the timeout took {clock.Elapsed.TotalSeconds:0} s to take effect");

        // The process is gone, not left blocked on the FIFO.
        var lingering = ProcessesMentioning(fifo);
        for (var i = 0; i < 50 && lingering.Count > 0; i++) { await Task.Delay(100); lingering = ProcessesMentioning(fifo); }
        foreach (var pid in lingering) try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        Assert.True(lingering.Count == 0, $"nix still running after its timeout: pid {string.Join(", ", lingering)}");

        var next = await backend.RunAsync(NixCommand.Create("eval", "--extra-experimental-features", "nix-command", "--expr", "1 + 1").WithTimeout(TimeSpan.FromSeconds(60)));
        Assert.True(next.Succeeded, next.Stderr);
        Assert.Equal("2", next.Stdout.Trim());
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task A_small_generated_campaign_conforms_on_the_host_backend()
    {
        var session = HostSession();
        var cases = ClanArbitraries.Campaign(SharedCampaign.ConfiguredSeed, 12);
        var checker = Checks.Model(session);
        var clock = Stopwatch.StartNew();
        var results = await checker.CheckAsync(cases);
        output.WriteLine($"seed {SharedCampaign.ConfiguredSeed}: {results.Count} cases, {results.Sum(r => r.Verdict.Fields.Count)} fields, " +
                         $"{checker.Processes} nix processes, {checker.MachineEvaluations} machine evaluations, {clock.Elapsed.TotalSeconds:0} s");
        Assert.Equal(12, results.Count);
        Assert.True(checker.MachineEvaluations > 0, "the campaign evaluated no machine");
        Assert.All(results, r => Assert.Empty(r.Verdict.Faults));
        Assert.All(results, r => Assert.True(r.Verdict.Conforms,
            $"{r.Case.Id}: " + string.Join("; ", r.Verdict.Disagreements.Select(d => $"{d.Key}: expected {d.Expected}, actual {d.Actual?.ToString() ?? "<none>"}"))));
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task An_input_directory_named_by_two_inputs_is_added_to_the_store_once()
    {
        var session = HostSession();
        var (map, cache) = SharedDirectoryMap(session);
        var backend = new RecordingBackend(session.Backend);

        var overrides = await new InputStore(backend, cacheFile: cache).OverridesForAsync(map);

        Assert.Single(backend.Commands, IsAddPath);
        Assert.Equal(2, overrides.Count);
        Assert.Single(overrides.Select(o => o.FlakeRef).Distinct());
        Assert.StartsWith("path:/nix/store/", overrides[0].FlakeRef);
        // The same tree the fixture's session uses for that input (content-addressed, same store).
        Assert.Contains(session.Evaluator.Overrides, o => o.FlakeRef == overrides[0].FlakeRef);
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task A_second_session_reuses_the_remembered_store_paths_instead_of_adding_again()
    {
        var session = HostSession();
        var (map, cache) = SharedDirectoryMap(session);
        var first = await new InputStore(session.Backend, cacheFile: cache).OverridesForAsync(map);

        var backend = new RecordingBackend(session.Backend);
        var second = await new InputStore(backend, cacheFile: cache).OverridesForAsync(map);

        Assert.Equal(first, second);
        Assert.DoesNotContain(backend.Commands, IsAddPath);
        // A remembered path is checked, not trusted: one `nix path-info` for the one directory.
        Assert.Single(backend.Commands, c => c.Arguments is ["path-info", ..]);
        Assert.Contains("host:", File.ReadAllText(cache));
    }

    private static bool IsAddPath(NixCommand c) => c.Arguments is ["store", "add-path", ..];

    /// <summary>
    /// Two inputs of the fixture's map that point at one small directory (flake-parts, also
    /// clan-core's), and a store-path cache of their own so earlier runs do not decide the outcome.
    /// </summary>
    private (InputsMap Map, string CacheFile) SharedDirectoryMap(NixSession session)
    {
        var inputs = session.Inputs ?? throw new InvalidOperationException("the live fixture always has an inputs map");
        var shared = inputs.Directories.GroupBy(kv => kv.Value).Where(g => g.Count() >= 2)
            .OrderBy(g => new DirectoryInfo(g.Key).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)).First();
        var map = new InputsMap(inputs.SourceFile, shared.Take(2).ToDictionary(kv => kv.Key, kv => kv.Value));
        output.WriteLine($"{string.Join(" and ", map.Directories.Keys)} → {shared.Key}");
        return (map, Path.Combine(Scratch("store-paths"), "store-paths.json"));
    }

    private string Scratch(string prefix) => live.Session.CreateScratchDirectory(prefix);

    private static List<int> ProcessesMentioning(string text) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1, Dir: d))
            .Where(p => p.Pid > 0 && p.Pid != Environment.ProcessId && ReadCommandLine(p.Dir).Contains(text, StringComparison.Ordinal))
            .Select(p => p.Pid).ToList();

    private static string ReadCommandLine(string procDir)
    {
        try { return File.ReadAllText(Path.Combine(procDir, "cmdline")).Replace('\0', ' '); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Runs commands on the real backend and remembers them, so a spec can count what was run.</summary>
    private sealed class RecordingBackend(INixBackend inner) : INixBackend
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<NixCommand> _commands = new();

        public IReadOnlyCollection<NixCommand> Commands => _commands;
        public BackendKind Kind => inner.Kind;
        public string Description => inner.Description;
        public NixVersion? Version => inner.Version;
        public string StoreIdentity => inner.StoreIdentity;
        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<NixProcessResult> RunAsync(NixCommand command, CancellationToken cancellationToken = default)
        {
            _commands.Enqueue(command);
            return inner.RunAsync(command, cancellationToken);
        }

        // The fixture owns the real backend.
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
