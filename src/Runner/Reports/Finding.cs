using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Runner.History;

namespace Conformance.Runner.Reports;

/// <summary>
/// What a finding is, decided from clan-core's history: <see cref="Bug"/> contradicts the docs and
/// nothing says it is meant (a report asks for a fix); <see cref="Docs"/> is deliberate (a commit,
/// doc line or test says so) but the docs say otherwise (a report asks for a docs change);
/// <see cref="Intended"/> is deliberate and documented (no report: docs/findings.md names the commit).
/// </summary>
internal enum FindingClass
{
    Bug,
    Docs,
    Intended,
}

/// <summary>Where the documentation says what a finding contradicts: a file of clan-core, a line, the sentence.</summary>
internal sealed record DocClaim(string File, int Line, string Quote);

/// <summary>
/// A finding as data (<c>findings/NN-slug.json</c>): the minimal case, the field whose value shows
/// the behaviour, what should be printed instead and why (a documentation sentence at file and
/// line of the pinned clan-core, or a rule in words), severity, and the fix when clan-core's source
/// makes it obvious. Reports and nix-unit tests are generated from it; nothing here is Nix output.
/// </summary>
internal sealed record Finding(
    int Number,
    string Slug,
    string Title,
    string Happens,
    string Expected,
    string Severity,
    DocClaim? Claim,
    string? Fix,
    FindingClass Class,
    FieldKey Field,
    JsonNode? ExpectedValue,
    ClanCase Case)
{
    /// <summary>Whether today's behaviour is meant (docs or intended): its test guards today's value instead of expecting a change.</summary>
    public bool Intended => Class != FindingClass.Bug;

    /// <summary>The commit that introduced the behaviour and how it was found (null: not known, e.g. a failure not bisected).</summary>
    public IntroducingCommit? IntroducedBy { get; init; }

    /// <summary>Later commits that reverted a change to the behaviour (a fix taken back), oldest first.</summary>
    public IReadOnlyList<CommitRecord> Reverts { get; init; } = [];

    /// <summary>clan-core tests asserting today's value, as <c>FILE: TEST_NAME</c>.</summary>
    public IReadOnlyList<string> UpstreamTests { get; init; } = [];

    /// <summary>Further observations the report carries (Markdown paragraphs): a finding folded into this one, data from history.</summary>
    public IReadOnlyList<string> Also { get; init; } = [];

    /// <summary>For a behaviour that should still fail, but differently: text the error should contain instead of a value.</summary>
    public string? ExpectedMessage { get; init; }

    /// <summary>The file name stem: <c>NN-slug</c> (a saved failure, number 0: its fingerprint).</summary>
    public string Name => Number > 0 ? $"{Number:00}-{Slug}" : Slug;

    /// <summary>The finding file this was read from.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Where its generated report lives: <c>reports/NN-slug.md</c> next to the finding file.</summary>
    public string? ReportPath => SourcePath is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(SourcePath))!, "reports", Name + ".md");
}

/// <summary>A finding file that cannot be used; the message names the file, the problem and the fix.</summary>
internal sealed class FindingFormatException(string message) : Exception(message);

/// <summary>Reads and validates finding files.</summary>
internal static class FindingFiles
{
    private static readonly string[] Required = ["number", "title", "happens", "expected", "severity", "class", "introducedBy", "field", "case"];

    /// <summary>The findings a path names: one finding file, or every <c>*.json</c> of a directory, by number.</summary>
    public static IReadOnlyList<Finding> Load(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) throw new FindingFormatException($"{path} holds no finding files (NN-slug.json).");
            return files.Select(LoadOne).OrderBy(f => f.Number).ToList();
        }
        return File.Exists(path) ? [LoadOne(path)] : throw new FindingFormatException($"{path} does not exist: pass a finding file (findings/NN-slug.json) or the findings directory.");
    }

    public static Finding LoadOne(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses a finding; every problem is a <see cref="FindingFormatException"/> naming the file and the fix.</summary>
    public static Finding Parse(string json, string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        FindingFormatException Bad(string what) => new($"{path}: {what}");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw Bad("not a JSON object; a finding file is one object with " + string.Join(", ", Required) + ".");
        }
        catch (JsonException e)
        {
            throw Bad($"not valid JSON ({e.Message}); fix the syntax at that position.");
        }
        var missing = Required.Where(k => root[k] is null).ToList();
        if (missing.Count > 0) throw Bad($"missing {string.Join(", ", missing)}; add {(missing.Count == 1 ? "it" : "them")} (see findings/README.md for the fields).");
        string Text(string key)
        {
            try { return root[key]!.GetValue<string>() is { Length: > 0 } s ? s : throw Bad($"{key} is empty; write it."); }
            catch (Exception e) when (e is InvalidOperationException or FormatException) { throw Bad($"{key} must be a string."); }
        }
        int number;
        try { number = root["number"]!.GetValue<int>(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw Bad("number must be an integer (the finding's number in docs/findings.md)."); }
        var prefix = $"{number:00}-";
        if (!stem.StartsWith(prefix, StringComparison.Ordinal) || stem.Length == prefix.Length)
            throw Bad($"the file name must be {prefix}SLUG.json for finding {number}; rename the file or fix its number.");
        FieldKey field;
        try { field = FieldKey.Parse(Text("field")); }
        catch (FormatException e) { throw Bad($"field: {e.Message}; name a field as results.jsonl does (e.g. cfg/MACHINE/HostName, svc/SERVICE/Members)."); }
        if (!field.IsEvaluated) throw Bad($"field {field} is read from stderr or is a cost counter; a finding shows one evaluated value: pick a cfg/, sys/, clan/ or svc/ field.");
        ClanCase clanCase;
        try
        {
            clanCase = CaseJson.Deserialize(root["case"]!.ToJsonString());
            CaseValidator.Validate(clanCase);
        }
        catch (Exception e) when (e is CaseFormatException or InvalidCaseException)
        {
            throw Bad($"case: {e.Message}; the case is a ClanCase as a run's case.json holds it.");
        }
        // Not limited to the fields a campaign observes: a finding may read any field the harness can name.
        if (field.Machine is { } machine && clanCase.Machines.All(m => m.Name != machine))
            throw Bad($"field {field} names machine {machine}, which the case does not have; fix the field or the case.");
        DocClaim? claim = null;
        if (root["claim"] is JsonObject c)
        {
            var line = c["line"] is JsonValue l && l.TryGetValue<int>(out var n) ? n : 0;
            if (c["file"]?.GetValue<string>() is not { Length: > 0 } file || c["quote"]?.GetValue<string>() is not { Length: > 0 } quote || line <= 0)
                throw Bad("claim needs file (a path in clan-core), line (1-based) and quote (text on that line).");
            claim = new DocClaim(file, line, quote);
        }
        if (root["intended"] is not null)
            throw Bad("intended was replaced by class: write \"class\": \"docs\" (deliberate, the docs say otherwise) or \"intended\" (deliberate and documented) instead.");
        var findingClass = Text("class") switch
        {
            "bug" => FindingClass.Bug,
            "docs" => FindingClass.Docs,
            "intended" => FindingClass.Intended,
            var other => throw Bad($"class must be \"bug\", \"docs\" or \"intended\", got \"{other}\" (findings/README.md says which is which)."),
        };
        var expectedValue = root["expectedValue"]?.DeepClone();
        var expectedMessage = root["expectedMessage"]?.GetValue<string>();
        if (findingClass == FindingClass.Bug && root["expectedValue"] is null && expectedMessage is null)
            throw Bad("expectedValue is missing: a bug states the value expected instead (the nix-unit test expects it), or expectedMessage for an error that should read differently.");
        if (findingClass == FindingClass.Docs && claim is null)
            throw Bad("a docs finding quotes the documentation that should change: add claim { file, line, quote }.");
        var introducedBy = IntroducingCommit.Parse(root["introducedBy"], Bad);
        var reverts = Records(root["reverts"], "reverts", Bad);
        var tests = Strings(root["upstreamTests"], "upstreamTests", Bad);
        if (tests.FirstOrDefault(t => !t.Contains(": ", StringComparison.Ordinal)) is { } badTest)
            throw Bad($"upstreamTests entries are \"FILE: TEST_NAME\" (a clan-core test file and the test in it), got \"{badTest}\".");
        return new Finding(number, stem[prefix.Length..], Text("title"), Text("happens"), Text("expected"), Text("severity"), claim,
            root["fix"]?.GetValue<string>(), findingClass, field, expectedValue, clanCase)
        {
            SourcePath = path,
            IntroducedBy = introducedBy,
            Reverts = reverts,
            UpstreamTests = tests,
            Also = Strings(root["also"], "also", Bad),
            ExpectedMessage = expectedMessage,
        };
    }

    private static IReadOnlyList<CommitRecord> Records(JsonNode? node, string key, Func<string, FindingFormatException> bad) => node switch
    {
        null => [],
        JsonArray a => a.Select((n, i) => CommitRecord.Parse(n, $"{key}[{i}]", bad)).ToList(),
        _ => throw bad($"{key} must be a list of {{ commit, date, pr, subject }}."),
    };

    private static IReadOnlyList<string> Strings(JsonNode? node, string key, Func<string, FindingFormatException> bad)
    {
        if (node is null) return [];
        if (node is not JsonArray a || a.Any(n => n is not JsonValue v || !v.TryGetValue<string>(out var s) || s.Length == 0))
            throw bad($"{key} must be a list of non-empty strings.");
        return a.Select(n => n!.GetValue<string>()).ToList();
    }
}
