using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Model.Coverage;

/// <summary>
/// One of clan-core's nix-unit eval tests: the suite clan-core's flake exposes it in
/// (<c>legacyPackages.&lt;system&gt;.evalTests-…</c>), its attribute path in that suite
/// (<c>single_file_single_prompt.test_file_secret_by_default</c>), the file that defines it, and —
/// when the model is checked against it — the spec class that re-expresses it, or why it is not.
/// </summary>
public sealed record EvalTest(string Suite, string Test, string File)
{
    /// <summary>The spec class (in tests/Conformance) whose cases re-express the test; null when none does.</summary>
    public string? ExpressedBy { get; init; }

    /// <summary>Why the test is not re-expressed (required when <see cref="ExpressedBy"/> is null).</summary>
    public string? Reason { get; init; }

    /// <summary>The test's identity across revisions: suite and attribute path.</summary>
    public string Id => Suite + ":" + Test;
}

/// <summary>The catalogue of clan-core's eval tests (<c>clan-core-eval-tests.json</c>), read and checked.</summary>
public static class EvalTestCatalogue
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private sealed record File(string? Revision, IReadOnlyList<EvalTest>? Tests);

    /// <summary>The catalogued tests and the clan-core revision they were read at.</summary>
    public static (string? Revision, IReadOnlyList<EvalTest> Tests) Parse(string json)
    {
        File file;
        try
        {
            file = JsonSerializer.Deserialize<File>(json, Json) ?? throw new FormatException("the eval-test catalogue is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the eval-test catalogue is not valid JSON of {{revision, tests: [{{suite, test, file, expressedBy|reason}}]}}: {e.Message}");
        }
        var tests = file.Tests ?? throw new FormatException("the eval-test catalogue has no 'tests' list");
        foreach (var t in tests)
        {
            if (string.IsNullOrEmpty(t.Suite) || string.IsNullOrEmpty(t.Test) || string.IsNullOrEmpty(t.File))
                throw new FormatException($"an eval-test catalogue entry lacks suite, test or file: {JsonSerializer.Serialize(t, Json)}");
            if ((t.ExpressedBy is null) == (t.Reason is null))
                throw new FormatException($"{t.Id}: give exactly one of 'expressedBy' (the spec class re-expressing it) and 'reason' (why none does)");
        }
        var duplicate = tests.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"{duplicate.Key} is catalogued {duplicate.Count()} times");
        return (file.Revision, tests);
    }

    public static string Serialize(string? revision, IReadOnlyList<EvalTest> tests) =>
        JsonSerializer.Serialize(new File(revision, tests), new JsonSerializerOptions(Json) { WriteIndented = true }) + "\n";
}
