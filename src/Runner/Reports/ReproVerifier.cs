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
/// Runs a report's commands against the revisions involved, exactly as a maintainer would (plain
/// <c>nix eval</c> in the repro flake, stderr counted the way the command's pipeline counts it),
/// and records what each prints: on the revision under test it must print what the report calls
/// actual; on the good revision (a diff's base, or the pinned clan-core a run was compared with)
/// what the report calls expected. A report whose commands do not reproduce its difference says so.
/// </summary>
internal sealed class ReproVerifier(NixSession session, string? lockFile)
{
    /// <summary>One revision to run the commands on, and which side of the report it must reproduce.</summary>
    public sealed record Side(string Role, string Revision, NixEvaluator Evaluator, bool Expected);

    public async Task<IReadOnlyList<ReproCheck>> VerifyAsync(CaseResult minimal, IReadOnlyList<FieldComparison> failing, IReadOnlyList<Side> sides,
        CancellationToken cancellationToken)
    {
        var dir = session.CreateScratchDirectory("repro");
        ClanRenderer.Render(minimal.Case, lockFile).WriteTo(dir);
        var tried = ObservationHints.Tried(minimal.Case);
        var checks = new List<ReproCheck>();
        foreach (var field in failing)
        {
            var command = ReproCommand.For(minimal.Case, field.Key, tried);
            foreach (var side in sides)
            {
                var printed = await RunAsync(side.Evaluator, dir, command, cancellationToken);
                // On the good side, a known deviation's value is what is expected there: the model
                // predicts the documented value, and the pinned clan-core does what it knowingly does.
                var asReported = side.Expected
                    ? Comparer.Agrees(field.Key, field.Expected, printed)
                      || field.Expected.Deviation is { } deviation && Comparer.Agrees(field.Key, deviation.Actual, printed)
                    : field.Actual is not null && Same(field.Key, field.Actual, printed);
                checks.Add(new ReproCheck(field.Key.Text, side.Revision, side.Role, Show(printed), asReported));
            }
        }
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        return checks;
    }

    /// <summary>What the command shows, in the harness's terms (a value, or an error).</summary>
    private static async Task<Observed> RunAsync(NixEvaluator evaluator, string dir, ReproCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var result = await evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, [.. command.AttributePath]).WithApply(command.Apply), cancellationToken);
            return command.Output switch
            {
                ReproOutput.Value => new ObservedValue(JsonNode.Parse(result.Json)),
                ReproOutput.TraceCount => new ObservedValue(JsonValue.Create(CountTraces(result.Stderr.Traces, command))),
                ReproOutput.ServiceWarnings => new ObservedValue(JsonValues.Strings(NixDriver.Observing.CaseObservations.ServiceWarnings(result.Stderr.Entries))),
                ReproOutput.CoreWarnings => new ObservedValue(JsonValues.Strings(NixDriver.Observing.CaseObservations.CoreWarnings(result.Stderr.Entries))),
                _ => new ObservedValue(JsonValues.Strings(NixDriver.Observing.CaseObservations.Warnings(result.Stderr.Entries))),
            };
        }
        catch (NixEvaluationException e)
        {
            return new ObservedError(e.Error.Kind, e.Error.Message);
        }
    }

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
