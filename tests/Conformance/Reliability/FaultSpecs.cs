using Conformance.Generators;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Backends;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.NixDriver.Inputs;
using Conformance.NixDriver.Sessions;
using Conformance.Tests.Differential;
using Xunit.Abstractions;

namespace Conformance.Tests.Reliability;

/// <summary>
/// Faults injected on purpose: the harness must recover or stop with a clear message, and must
/// never count a fault as a conformance result.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class FaultSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static IReadOnlyList<Model.Cases.ClanCase> SomeCases(int count, int seed = 77) =>
        ClanArbitraries.Campaign(seed, count).Where(c => c.Machines.Count > 0).ToList();

    private async Task<NixSession> FreshSessionAsync(Func<ContainerNixBackendOptions, ContainerNixBackendOptions>? container = null)
    {
        var shared = live.Require();
        Skip.If(shared.Backend.Kind != BackendKind.Container, "container fault injection needs the container backend");
        var builder = new NixSessionBuilder().WithInputs(shared.Inputs).WithBackend(BackendKind.Container);
        if (container is not null) builder.WithContainerOptions(container);
        return await builder.StartAsync();
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task Killing_the_container_mid_batch_restarts_it_and_the_results_are_the_same()
    {
        await using var session = await FreshSessionAsync();
        var backend = (ContainerNixBackend)session.Backend;
        var first = backend.ContainerId!;
        var cases = SomeCases(6);
        var check = Checks.Model(session, Checks.Options with { Workers = 1 }).CheckAsync(cases);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(check.IsCompleted, "the check finished before the fault could be injected");
        using (var docker = new System.Diagnostics.Process())
        {
            docker.StartInfo = new System.Diagnostics.ProcessStartInfo("docker", ["kill", first]) { RedirectStandardOutput = true, RedirectStandardError = true };
            docker.StartInfo.Environment["DOCKER_API_VERSION"] = "1.41";
            docker.Start();
            await docker.WaitForExitAsync();
            Assert.Equal(0, docker.ExitCode);
        }
        var results = await check;
        output.WriteLine($"container {first[..12]} killed; now {backend.ContainerId?[..12]}");
        Assert.NotEqual(first, backend.ContainerId);
        Assert.All(results, r => Assert.True(r.Verdict.Conforms, $"{r.Case.Id}: {string.Join("; ", r.Verdict.Disagreements.Select(d => d.Key))}"));
        Assert.All(results, r => Assert.Empty(r.Verdict.Faults));
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task A_timeout_is_a_harness_fault_never_a_conformance_failure()
    {
        var session = live.Require();
        // The case that takes the most work (machine evaluations whose pkgs evaluate) under a
        // timeout no field fits in: the observer splits a timed-out batch down to single fields, so
        // with one second (what this spec used) a warm machine read every field in time and there
        // was nothing to report. Evaluating clan-core's flake module alone takes longer than 0.2 s.
        static int Work(Model.Cases.ClanCase c) => Model.Oracle.Oracle.Predict(c).Fields
            .Count(kv => kv.Key.MachineField == MachineField.PkgsSystem && kv.Value is ValueOutcome)
            * Model.Observations.ObservationPlan.MachineEvaluations(c);
        // The least such work that still has some: every field of the case times out and is retried alone
        // in a fresh process, so the case with the most work cost minutes of CI (132 s on 2026-12-07).
        var working = SomeCases(80).Where(c => Work(c) > 0).ToList();
        Assert.True(working.Count > 0, "no generated case evaluates pkgs on a machine");
        var clanCase = working.MinBy(Work)!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = (await Checks.Model(session, Checks.Options with { Timeout = TimeSpan.FromMilliseconds(200) }).CheckAsync([clanCase]))[0];
        output.WriteLine($"{clanCase.Machines.Count} machine(s), {Model.Observations.ObservationPlan.MachineEvaluations(clanCase)} machine evaluation(s) on {session.Backend.Kind}: "
            + $"{result.Verdict.Faults.Count} fault(s), {result.Verdict.Fields.Count} compared field(s) in {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.True(result.Verdict.Conforms, "a timeout must not produce disagreements");
        Assert.NotEmpty(result.Verdict.Faults);
        Assert.All(result.Verdict.Faults.Values, reason => Assert.StartsWith("timeout:", reason));
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task An_out_of_memory_kill_stops_with_a_message_that_names_the_cause()
    {
        await using var session = await FreshSessionAsync(o => o with { MemoryLimitBytes = 160L * 1024 * 1024 });
        var error = await Assert.ThrowsAsync<NixInfrastructureException>(() =>
            Checks.Model(session).CheckAsync(SomeCases(3)));
        output.WriteLine(error.Message);
        Assert.Contains("out of memory", error.Message);
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task A_case_that_breaks_its_batch_uncatchably_does_not_change_the_other_cases_results()
    {
        var session = live.Require();
        // A case whose clanInternals copy fails with a missing attribute (which tryEval cannot catch)…
        var broken = SomeCases(200).First(c => c.Machines.Count > 0 && Model.Oracle.Oracle.Predict(c).Fields.Values
            .Any(o => o is ErrorOutcome { Error.IsCatchable: false }));
        var others = SomeCases(4, seed: 78).Where(c => c.Id != broken.Id).ToList();
        // …hidden from the checker's batching by a predictor that claims those fields evaluate, so the
        // failure happens inside the shared batch process.
        Prediction Hiding(Model.Cases.ClanCase c)
        {
            var p = Model.Oracle.Oracle.Predict(c);
            if (c.Id != broken.Id) return p;
            return p with { Fields = p.Fields.ToDictionary(kv => kv.Key, kv => kv.Value is ErrorOutcome { Error.IsCatchable: false } ? Outcome.Value(null, "hidden") : kv.Value) };
        }
        var alone = await Checks.Model(session).CheckAsync(others);
        var together = await Checks.Model(session, predictor: Hiding).CheckAsync([.. others.Take(2), broken, .. others.Skip(2)]);
        foreach (var (a, t) in alone.Zip(together.Where(r => r.Case.Id != broken.Id)))
        {
            Assert.Equal(a.Verdict.Conforms, t.Verdict.Conforms);
            Assert.Equal(a.Observation.Fields.Count, t.Observation.Fields.Count);
            // Compared as the verdict compares them: a field's normaliser drops what Nix may vary between
            // batches (Facter's reportPath lies under the batch's store path, which changes with its contents).
            foreach (var (key, observed) in a.Observation.Fields)
                Assert.Equal(Comparable(key, observed), Comparable(key, t.Observation.Fields[key]));
        }
        // The broken case itself was observed field by field: the uncatchable error is its result.
        var brokenResult = together.Single(r => r.Case.Id == broken.Id);
        Assert.Contains(brokenResult.Observation.Fields.Values, o => o is ObservedError { Kind: Model.Errors.ErrorKind.AttributeMissing });
    }

    private static string Comparable(FieldKey key, Observed observed) => observed is ObservedValue v
        ? Model.Comparison.Comparer.Normalise(key, v.Value?.DeepClone())?.ToJsonString() ?? "null"
        : observed.ToString();

    [SkippableFact(Timeout = 900_000)]
    public async Task A_deliberately_wrong_model_is_caught()
    {
        var session = live.Require();
        // "Forgets" lib.modules' reverseList: list definitions predicted in collection order.
        static Prediction Wrong(Model.Cases.ClanCase c)
        {
            var p = Model.Oracle.Oracle.Predict(c);
            return p with
            {
                Fields = p.Fields.ToDictionary(kv => kv.Key, kv => kv.Key.MachineField == MachineField.List && kv.Value is ValueOutcome { Expected: System.Text.Json.Nodes.JsonArray a } && a.Count > 1
                    ? Outcome.Value(new System.Text.Json.Nodes.JsonArray(a.Reverse().Select(n => n?.DeepClone()).ToArray()), "wrong on purpose")
                    : kv.Value),
            };
        }
        var clanCase = Examples.ExampleCases.Dendritic;
        var results = await Checks.Model(session, predictor: Wrong).CheckAsync([clanCase]);
        Assert.Contains(results[0].Verdict.Disagreements, d => d.Key.MachineField == MachineField.List);
    }
}
