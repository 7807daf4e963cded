using System.Text.Json.Nodes;
using Conformance.Model.Observations;

namespace Conformance.NixDriver.Evaluation;

/// <summary>
/// Nix's evaluator statistics (<c>NIX_SHOW_STATS=1</c>, with <c>NIX_COUNT_CALLS=1</c> for the calls
/// per function), as <see cref="CostCounter"/>s. Nix prints them as one indented JSON object at the
/// end of stderr when <c>NIX_SHOW_STATS_PATH</c> is unset — that, not a file, because the work
/// directory is mounted read-only in the container and stderr comes back from both backends.
/// </summary>
public sealed record EvaluatorStats(IReadOnlyDictionary<CostCounter, long> Counters)
{
    /// <summary>The environment that makes <c>nix</c> print them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["NIX_SHOW_STATS"] = "1",
        ["NIX_COUNT_CALLS"] = "1",
    };

    /// <summary>The file whose top-level function every nixpkgs instance calls once (<c>import nixpkgs</c>, and nixpkgsFun for appendOverlays, extend, pkgsCross…).</summary>
    public const string NixpkgsEntryFile = "/pkgs/top-level/default.nix";

    /// <summary>Splits stderr into the statistics and what came before them; null statistics when Nix printed none (it died first).</summary>
    public static (EvaluatorStats? Stats, string Before) Extract(string stderr)
    {
        // The object starts with a line holding only "{"; traces and warnings never do (Nix prefixes them).
        var start = stderr.LastIndexOf("\n{\n", StringComparison.Ordinal);
        var offset = start < 0 ? (stderr.StartsWith("{\n", StringComparison.Ordinal) ? 0 : -1) : start + 1;
        if (offset < 0) return (null, stderr);
        JsonObject? json;
        try { json = JsonNode.Parse(stderr[offset..])?.AsObject(); }
        catch (System.Text.Json.JsonException) { return (null, stderr); }
        return json is null ? (null, stderr) : (Parse(json), stderr[..offset]);
    }

    /// <summary>The counters of one statistics object.</summary>
    public static EvaluatorStats Parse(JsonObject json)
    {
        var counters = new Dictionary<CostCounter, long>();
        foreach (var counter in Enum.GetValues<CostCounter>().Where(c => CostFields.StatsPath(c).Length > 0))
        {
            JsonNode? node = json;
            foreach (var part in CostFields.StatsPath(counter)) node = node?[part];
            if (node is not JsonValue value || !value.TryGetValue<double>(out var number)) continue;
            counters[counter] = counter == CostCounter.CpuMilliseconds ? (long)Math.Round(number * 1000) : (long)number;
        }
        counters[CostCounter.Instances] = Instances(json["functions"] as JsonArray);
        return new EvaluatorStats(counters);
    }

    /// <summary>
    /// Calls of nixpkgs' <c>pkgs/top-level/default.nix</c> top-level function: the entry of that file
    /// with the first position (every other function there is nested in it). Counted per nixpkgs
    /// tree, so a second nixpkgs would count too.
    /// </summary>
    private static long Instances(JsonArray? functions)
    {
        if (functions is null) return 0;
        return functions.OfType<JsonObject>()
            .Where(f => f["file"]?.GetValue<string>() is { } file && file.EndsWith(NixpkgsEntryFile, StringComparison.Ordinal))
            .GroupBy(f => f["file"]!.GetValue<string>())
            .Sum(g => g.OrderBy(f => f["line"]?.GetValue<long>() ?? long.MaxValue).ThenBy(f => f["column"]?.GetValue<long>() ?? long.MaxValue)
                .First()["count"]?.GetValue<long>() ?? 0);
    }
}
