using Conformance.Model.Comparison;
using Conformance.NixDriver.Observing;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Campaigns;

/// <summary>Re-runs saved failures and says, per failure, whether it still fails (exit 1 if any does).</summary>
internal sealed class ReplayRunner(NixSessionFactory sessions, RunnerConsole console, ILogger<ReplayRunner> logger)
{
    public async Task<int> RunAsync(ReplayCommand command, CancellationToken cancellationToken)
    {
        var loaded = FailureCorpus.LoadCases(command.Path);
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken);
        var options = sessions.ObserverOptions(command.Nix);
        var target = await sessions.TargetAsync(session, command.Nix, options, cancellationToken);
        console.Say($"replaying {loaded.Count} case(s) against {target.Label}");
        var checker = new ModelCheck(new BatchObserver(session, options, logger, target.Evaluator, label: target.Label), sessions.KnownDeviationIds(command.Nix));
        // Cases saved by different nights or campaigns share ids (c0002 is every campaign's second case), and
        // one check keys its cases by id: where ids repeat, each gets its position as a suffix (ASCII letters and
        // digits, as case ids must be). What is checked and keyed does not depend on the id.
        var cases = loaded.Select(l => l.Case).ToList();
        if (cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() < cases.Count)
            cases = cases.Select((c, i) => c with { Id = $"{c.Id}r{i + 1}" }).ToList();
        var results = await checker.CheckAsync(cases, cancellationToken: cancellationToken);
        var stillFailing = 0;
        var verdicts = new System.Text.Json.Nodes.JsonArray();
        for (var i = 0; i < results.Count; i++)
        {
            var verdict = results[i].Verdict;
            var source = loaded[i].Source;
            // A field Nix could not observe (a timeout) leaves the case unjudged: the nightly decides nothing from it.
            verdicts.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["source"] = source, ["replayed"] = verdict.Faults.Count == 0, ["conforms"] = verdict.Conforms,
                ["keys"] = new System.Text.Json.Nodes.JsonArray(Model.Causes.CauseKeys.KeysOf(results[i].Case, verdict).Select(k => (System.Text.Json.Nodes.JsonNode)k.ToString()!).ToArray()),
            });
            if (verdict.Conforms)
            {
                console.Print($"conforms now: {source}");
                continue;
            }
            stillFailing++;
            console.Print($"still fails ({string.Join(", ", Model.Causes.CauseKeys.KeysOf(results[i].Case, verdict))}): {source}");
            foreach (var d in verdict.Disagreements)
                console.Print($"  {d.Key}: expected {d.Expected}; actual {d.Actual?.ToString() ?? "not observed"}");
        }
        console.Print($"{results.Count - stillFailing} conform, {stillFailing} still fail");
        if (command.VerdictsFile is { } file) Corpus.AtomicFile.Write(Path.GetFullPath(file), verdicts.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return stillFailing > 0 ? ExitCodes.Fails : ExitCodes.Conforms;
    }
}
