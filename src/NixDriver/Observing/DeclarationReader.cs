using System.Text.Json;
using Conformance.Model.Coverage;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;

namespace Conformance.NixDriver.Observing;

/// <summary>What clan-core declares at the evaluated revision: its user-facing options, and the eval tests its flake lists (null when they could not be listed).</summary>
public sealed record Declarations(IReadOnlyList<OptionDocEntry> Options, IReadOnlyList<(string Suite, string Test)>? EvalTests);

/// <summary>
/// Reads <see cref="Declarations"/> from Nix: renders <see cref="CoverageFlake"/> into a scratch
/// directory of the session and evaluates its output with the evaluator (whose input overrides
/// choose the clan-core revision). One <c>nix eval</c> process.
/// </summary>
public static class DeclarationReader
{
    public static async Task<Declarations> ReadAsync(NixSession session, NixEvaluator evaluator, string? lockFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var dir = session.CreateScratchDirectory("coverage");
        CoverageFlake.Render(lockFile).WriteTo(dir);
        var result = await evaluator.EvaluateAsync(NixEvalRequest.Attribute(dir, CoverageFlake.Attribute).WithTimeout(timeout), cancellationToken);
        return Parse(result.Value);
    }

    /// <summary>The flake output's JSON as records (a shape it cannot have is an infrastructure fault: the harness wrote the expression).</summary>
    public static Declarations Parse(JsonElement value)
    {
        try
        {
            var options = value.GetProperty("options").EnumerateArray().Select(o => new OptionDocEntry(
                o.GetProperty("loc").EnumerateArray().Select(c => c.GetString()!).ToList(),
                o.GetProperty("type").GetString()!,
                o.GetProperty("readOnly").GetBoolean(),
                o.GetProperty("declarations").EnumerateArray().Select(d => d.GetString()!).ToList())).ToList();
            var tests = value.GetProperty("evalTests");
            return new Declarations(options, tests.GetProperty("listed").GetBoolean()
                ? tests.GetProperty("tests").EnumerateArray().Select(t => (t.GetProperty("suite").GetString()!, t.GetProperty("test").GetString()!)).ToList()
                : null);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new Backends.NixInfrastructureException($"the coverage flake's output does not have the shape coverage.nix gives it: {e.Message}");
        }
    }
}
