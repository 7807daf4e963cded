using System.Text.Json;
using Conformance.Model.Coverage;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;

namespace Conformance.NixDriver.Observing;

/// <summary>
/// What clan-core declares at the evaluated revision: its user-facing options, and the eval tests its
/// flake lists (null when they could not be listed, <see cref="EvalTestsUnlisted"/> says why).
/// </summary>
public sealed record Declarations(IReadOnlyList<OptionDocEntry> Options, IReadOnlyList<(string Suite, string Test)>? EvalTests)
{
    public string? EvalTestsUnlisted { get; init; }
}

/// <summary>
/// Reads <see cref="Declarations"/> from Nix: renders <see cref="CoverageFlake"/> into a scratch
/// directory of the session and evaluates its options and its eval tests with the evaluator (whose
/// input overrides choose the clan-core revision), in two <c>nix eval</c> processes at once: listing
/// the tests evaluates clan-core's own flake outputs, which at some revisions fail in ways
/// <c>tryEval</c> cannot catch, and the options must not go down with them.
/// </summary>
public static class DeclarationReader
{
    public static async Task<Declarations> ReadAsync(NixSession session, NixEvaluator evaluator, string? lockFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var dir = session.CreateScratchDirectory("coverage");
        CoverageFlake.Render(lockFile).WriteTo(dir);
        var options = evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, CoverageFlake.Attribute, "options").WithTimeout(timeout), cancellationToken);
        var tests = evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, CoverageFlake.Attribute, "evalTests").WithTimeout(timeout), cancellationToken);
        var parsedOptions = ParseOptions((await options).Value);
        try
        {
            return ParseTests((await tests).Value) is { } listed
                ? new Declarations(parsedOptions, listed)
                : new Declarations(parsedOptions, null) { EvalTestsUnlisted = "clan-core's legacyPackages.x86_64-linux.evalTests-* threw while listed" };
        }
        catch (NixEvaluationException e)
        {
            return new Declarations(parsedOptions, null) { EvalTestsUnlisted = $"listing clan-core's eval tests failed: {e.Error.Kind}: {e.Error.Message.Split('\n')[0]}" };
        }
    }

    /// <summary>The flake output's JSON (both attributes) as records, e.g. a recorded one.</summary>
    public static Declarations Parse(JsonElement value) =>
        Shape(() => new Declarations(ParseOptions(value.GetProperty("options")), ParseTests(value.GetProperty("evalTests"))));

    private static IReadOnlyList<OptionDocEntry> ParseOptions(JsonElement options) => Shape(() => options.EnumerateArray().Select(o => new OptionDocEntry(
        o.GetProperty("loc").EnumerateArray().Select(c => c.GetString()!).ToList(),
        o.GetProperty("type").GetString()!,
        o.GetProperty("readOnly").GetBoolean(),
        o.GetProperty("declarations").EnumerateArray().Select(d => d.GetString()!).ToList())).ToList());

    /// <summary>The listed tests, or null when clan-core's test sets threw (coverage.nix catches what tryEval can).</summary>
    private static IReadOnlyList<(string Suite, string Test)>? ParseTests(JsonElement tests) => Shape(() => tests.GetProperty("listed").GetBoolean()
        ? tests.GetProperty("tests").EnumerateArray().Select(t => (t.GetProperty("suite").GetString()!, t.GetProperty("test").GetString()!)).ToList()
        : null);

    /// <summary>A shape coverage.nix cannot give is an infrastructure fault: the harness wrote the expression.</summary>
    private static T Shape<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new Backends.NixInfrastructureException($"the coverage flake's output does not have the shape coverage.nix gives it: {e.Message}");
        }
    }
}
