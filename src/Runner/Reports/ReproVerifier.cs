using System.Text.Json.Nodes;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Reports;

/// <summary>
/// Runs a report's commands against the revisions involved, as a maintainer would, and records
/// what each prints: on the revision under test it must print what the report calls actual; on
/// the good revision (a diff's base, or the pinned clan-core a run was compared with) what the
/// report calls expected. A report whose commands do not reproduce its difference says so.
/// <para>
/// Batched, so that checking a report costs seconds: per revision, the commands that print a
/// value run in one <c>nix repl</c> process (<see cref="ReproBatch"/>: the same functions on the
/// same attributes), and the commands that count what stderr shows run once per distinct
/// command (they share one, the evaluation of the fields the harness read, and a trace or warning
/// is printed once per process, so they cannot share a process with anything else).
/// </para>
/// </summary>
internal sealed class ReproVerifier(NixSession session, string? lockFile, TimeSpan timeout)
{
    /// <summary>One revision to run the commands on, and which side of the report it must reproduce.</summary>
    public sealed record Side(string Role, string Revision, NixEvaluator Evaluator, bool Expected);

    public async Task<IReadOnlyList<ReproCheck>> VerifyAsync(CaseResult minimal, IReadOnlyList<FieldComparison> failing, IReadOnlyList<Side> sides,
        CancellationToken cancellationToken)
    {
        var dir = session.CreateScratchDirectory("repro");
        ClanRenderer.Render(minimal.Case, lockFile).WriteTo(dir);
        var tried = ObservationHints.Tried(minimal.Case);
        // Cost counters need a process of their own per unit and statistics on; the report prints
        // their command, but they are not run here (the batched repl would measure the whole batch).
        var commands = failing.Where(f => f.Key.Scope != Model.Observations.Scope.Cost)
            .Select(f => (Field: f, Command: ReproCommand.For(minimal.Case, f.Key, tried))).ToList();
        var checks = new List<ReproCheck>();
        try
        {
            foreach (var side in sides)
            {
                var printed = await RunAsync(side.Evaluator, dir, commands.Select(c => c.Command).ToList(), cancellationToken);
                for (var i = 0; i < commands.Count; i++)
                {
                    var field = commands[i].Field;
                    // On the good side, a known deviation's value is what is expected there: the model
                    // predicts the documented value, and the pinned clan-core does what it knowingly does.
                    var asReported = side.Expected
                        ? Comparer.Agrees(field.Key, field.Expected, printed[i])
                          || field.Expected.Deviation is { } deviation && Comparer.Agrees(field.Key, deviation.Actual, printed[i])
                        : field.Actual is not null && Same(field.Key, field.Actual, printed[i]);
                    checks.Add(new ReproCheck(field.Key.Text, side.Revision, side.Role, Show(printed[i]), asReported));
                }
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
        return checks.OrderBy(c => c.Field, StringComparer.Ordinal).ToList();
    }

    /// <summary>What each command shows on one revision, in the harness's terms (a value, or an error).</summary>
    private async Task<IReadOnlyList<Observed>> RunAsync(NixEvaluator evaluator, string dir, IReadOnlyList<ReproCommand> commands, CancellationToken cancellationToken)
    {
        var printed = new Observed?[commands.Count];
        var values = Enumerable.Range(0, commands.Count).Where(i => commands[i].Output == ReproOutput.Value).ToList();
        if (values.Count > 0)
        {
            var file = dir.TrimEnd('/') + ".commands.nix";
            await File.WriteAllTextAsync(file, ReproBatch.File(values.Select(i => commands[i]).ToList()), cancellationToken);
            IReadOnlyList<NixReplTranscript.Item>? items = null;
            try
            {
                items = await evaluator.EvaluateManyAsync(dir, values.Select((_, n) => ReproBatch.Expression(file, n)).ToList(), timeout, cancellationToken);
            }
            catch (NixEvaluationException)
            {
                // The flake itself does not load: every command gets its own process below, and prints that error.
            }
            for (var n = 0; items is not null && n < values.Count; n++)
            {
                var item = items[n];
                // A repl line that could not even name the outputs (an older flake without them) says
                // nothing about the command: run that one as it is written.
                if (item.Error is { } e && e.Message.Contains("undefined variable", StringComparison.Ordinal)) continue;
                printed[values[n]] = item.Json is { } json ? new ObservedValue(JsonNode.Parse(json)) : new ObservedError(item.Error!.Kind, item.Error.Message);
            }
        }
        // Commands that read stderr, and value commands the batch could not answer: one process per distinct command.
        foreach (var group in Enumerable.Range(0, commands.Count).Where(i => printed[i] is null).GroupBy(i => (string.Join("\u0000", commands[i].AttributePath), commands[i].Apply)))
        {
            var command = commands[group.First()];
            try
            {
                var result = await evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, [.. command.AttributePath]).WithApply(command.Apply).WithTimeout(timeout), cancellationToken);
                foreach (var i in group) printed[i] = Read(commands[i], result.Json, result.Stderr);
            }
            catch (NixEvaluationException e)
            {
                foreach (var i in group) printed[i] = new ObservedError(e.Error.Kind, e.Error.Message);
            }
        }
        return printed.Select(p => p!).ToList();
    }

    private static Observed Read(ReproCommand command, string json, StderrReport stderr) => command.Output switch
    {
        ReproOutput.Value => new ObservedValue(JsonNode.Parse(json)),
        ReproOutput.TraceCount => new ObservedValue(JsonValue.Create(CountTraces(stderr.Traces, command))),
        ReproOutput.ServiceWarnings => new ObservedValue(JsonValues.Strings(NixDriver.Observing.CaseObservations.ServiceWarnings(stderr.Entries))),
        ReproOutput.CoreWarnings => new ObservedValue(JsonValues.Strings(NixDriver.Observing.CaseObservations.CoreWarnings(stderr.Entries))),
        ReproOutput.MetaWarnings => new ObservedValue(JsonValues.Strings(NixDriver.Observing.CaseObservations.MetaWarnings(stderr.Entries))),
        _ => new ObservedValue(JsonValues.Strings(NixDriver.Observing.CaseObservations.Warnings(stderr.Entries))),
    };

    private static int CountTraces(IEnumerable<string> traces, ReproCommand command)
    {
        var counting = command.AfterTrace is null;
        var count = 0;
        foreach (var trace in traces)
        {
            if (!counting && trace == command.AfterTrace) { counting = true; continue; }
            if (counting && trace == command.CountedTrace) count++;
        }
        return count;
    }

    private static bool Same(FieldKey key, Observed a, Observed b) => (a, b) switch
    {
        (ObservedValue x, ObservedValue y) => Canonical.Equal(key, Comparer.Normalise(key, x.Value), Comparer.Normalise(key, y.Value)),
        (ObservedError x, ObservedError y) => x.Kind == y.Kind && ErrorText.Headline(x.Message) == ErrorText.Headline(y.Message),
        _ => false,
    };

    private static string Show(Observed observed) => observed switch
    {
        ObservedValue v => v.Value?.ToJsonString() ?? "null",
        ObservedError e => $"error {e.Kind}: {ErrorText.Headline(e.Message)}",
        _ => "?",
    };
}
