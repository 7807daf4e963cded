using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Conformance.Model.Comparison;
using Conformance.Model.Ledger;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Runner.Corpus;

/// <summary>What Nix and the model said about one disagreeing field, as saved in verdict.json and results.jsonl.</summary>
internal sealed record FieldRecord(string Key, IReadOnlyList<string> Areas, ExpectedRecord Expected, ActualRecord? Actual)
{
    /// <summary>Nix did what the documentation says although the known deviation of this id predicted otherwise.</summary>
    public string? DeviationDisappeared { get; init; }

    /// <summary>Nix did what a deviation the model knows predicts, but known-deviations.json does not list it.</summary>
    public string? UnlistedDeviation { get; init; }

    public static FieldRecord From(FieldComparison f) => new(
        f.Key.Text,
        FocusAreas.Of(f.Key, f.Expected, f.Actual).Select(FocusAreas.Name).Order().ToList(),
        ExpectedRecord.From(f.Expected),
        ActualRecord.From(f.Actual))
    {
        DeviationDisappeared = f.DeviationDisappeared,
        UnlistedDeviation = f.UnlistedDeviation,
    };

    /// <summary>Back to a comparison (for re-running a saved report's commands, or re-reading recorded results).</summary>
    public FieldComparison ToComparison() => new(FieldKey.Parse(Key), Expected.ToOutcome(), Actual?.ToObserved(), DeviationDisappeared is not null)
    {
        DeviationDisappeared = DeviationDisappeared,
        UnlistedDeviation = UnlistedDeviation,
    };
}

/// <summary>One checked case as results.jsonl records it: the case and its disagreements that count (none when it conforms).</summary>
internal sealed record ResultRecord(Model.Cases.ClanCase Case, IReadOnlyList<FieldRecord> Failing)
{
    /// <summary>Back to what the ledger reads.</summary>
    public Model.Ledger.CheckedCase ToChecked()
    {
        var fields = Failing.Select(f => f.ToComparison()).ToList();
        return Model.Ledger.CheckedCase.Of(Case, new CaseVerdict(Case.Id, fields), fields);
    }
}

internal sealed record ExpectedRecord(JsonNode? Value, string? ErrorKind, string? ErrorText, string Rule, string? Deviation, ExpectedRecord? DeviationActual)
{
    public static ExpectedRecord From(Outcome o) => new(
        o is ValueOutcome v ? v.Expected?.DeepClone() : null,
        o is ErrorOutcome e ? e.Error.Kind.ToString() : null,
        o is ErrorOutcome e2 ? e2.Error.KeyText : null,
        o.Rule,
        o.Deviation?.Id,
        o.Deviation is { } d ? From(d.Actual) : null);

    public override string ToString() => ErrorKind is null ? Value?.ToJsonString() ?? "null" : $"error {ErrorKind} containing \"{ErrorText}\"";

    public Outcome ToOutcome() => ErrorKind is null
        ? Outcome.Value(Value?.DeepClone(), Rule)
        : Outcome.Fails(new Model.Errors.ExpectedError(Enum.Parse<Model.Errors.ErrorKind>(ErrorKind), ErrorText ?? "", Rule));
}

internal sealed record ActualRecord(JsonNode? Value, string? ErrorKind, string? ErrorMessage)
{
    public static ActualRecord? From(Observed? o) => o switch
    {
        ObservedValue v => new ActualRecord(v.Value?.DeepClone(), null, null),
        ObservedError e => new ActualRecord(null, e.Kind.ToString(), e.Message),
        _ => null,
    };

    public override string ToString() => ErrorKind is null ? Value?.ToJsonString() ?? "null" : $"error {ErrorKind}: {ErrorMessage?.Split('\n')[0]}";

    public Observed ToObserved() => ErrorKind is null
        ? new ObservedValue(Value?.DeepClone())
        : new ObservedError(Enum.Parse<Model.Errors.ErrorKind>(ErrorKind), ErrorMessage ?? "");
}

/// <summary>Versions of what was evaluated, as far as they can be known.</summary>
internal sealed record EvaluatedVersions(string Nix, string ClanCore, string Nixpkgs, string Backend)
{
    /// <summary>The clan-core commit, when it was evaluated from a repository at a revision.</summary>
    public Commit? ClanCoreRevision { get; init; }

    /// <summary>The narHash Nix computed for the clan-core it evaluated: with the revision, what a report's flake pins.</summary>
    public string? ClanCoreNarHash { get; init; }
}

/// <summary>Commits as reports name them (<see cref="Commit"/>), from git's answers.</summary>
internal static class Commits
{
    /// <param name="merge">The first-parent merge that brought the commit in, when known.</param>
    public static Commit Of(NixDriver.Revisions.RevisionInfo revision, NixDriver.Revisions.RevisionInfo? merge = null) =>
        new(revision.Hash, revision.CommitDate, revision.Subject) { Merge = merge is null ? null : new Commit(merge.Hash, merge.CommitDate, merge.Subject) };
}

/// <summary>meta.json of a saved failure.</summary>
internal sealed record FailureMeta
{
    public required string Fingerprint { get; init; }
    public required IReadOnlyList<string> Tokens { get; init; }
    public required string CaseId { get; init; }
    public int? Seed { get; init; }
    public int? Size { get; init; }
    public required EvaluatedVersions Versions { get; init; }
    public required DateTimeOffset FirstSeen { get; init; }
    public IReadOnlyList<string> Occurrences { get; init; } = [];
    public bool Shrunk { get; init; }
    public int ShrinkSteps { get; init; }
    public int OriginalMachines { get; init; }
    public int MinimalMachines { get; init; }
    public IReadOnlyList<string> Focus { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The cause this saved case is the shrunk example of (null: saved as found).</summary>
    public string? Cause { get; init; }

    /// <summary>The cause keys the saved case shows (see <c>Model.Causes.CauseKey</c>).</summary>
    public IReadOnlyList<string> Causes { get; init; } = [];

    /// <summary>What the expectation was: <c>the model</c>, or the base revision of a diff.</summary>
    public string Expectation { get; init; } = "the model";

    /// <summary>For a diff: the base revision's versions (the expectation); null for a check against the model.</summary>
    public EvaluatedVersions? BaseVersions { get; init; }

    /// <summary>Whether shrinking stopped at a fixpoint (false: the budget ran out first; the case still fails).</summary>
    public bool? ShrinkComplete { get; init; }

    /// <summary>Set by <c>bisect</c>: the first commit whose observation of this case is the bad one's.</summary>
    public Commit? FirstBadCommit { get; init; }

    /// <summary>The report's commands, run automatically against the revisions involved.</summary>
    public IReadOnlyList<ReproCheck> ReproChecks { get; init; } = [];
}

/// <summary>One report command run against one revision: what it printed and whether that is what the report says.</summary>
internal sealed record ReproCheck(string Field, string Revision, string Role, string Printed, bool AsReported);

internal static class RecordJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    public static T Deserialize<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new FormatException($"{what} is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what} is not valid: {e.Message}");
        }
    }
}
