using Conformance.Model.Observations;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Sinks;

/// <summary>Saves every new fingerprint as found, and every shrunk cause with its report checks, first bad commit and filed-ready report (upstream.md), under <c>failures/&lt;fingerprint&gt;/</c>.</summary>
internal sealed class CorpusSink(FailureCorpus corpus, CampaignSettings settings, string expectation) : ICampaignSink
{
    public void FailureFound(FoundFailure failure) => corpus.Save(settings.OutDirectory, failure.Result, failure.Checked.Failing, failure.Fingerprint, Meta(settings, expectation, failure));

    public void CauseTriaged(TriagedCause cause, FoundFailure minimal)
    {
        // A cause another's trigger explained was not shrunk: its representative is saved as found, nothing more to save.
        if (cause.ExplainedBy is not null) return;
        var dir = corpus.Save(settings.OutDirectory, minimal.Result, minimal.Checked.Failing, minimal.Fingerprint, TriagedMeta(settings, expectation, cause, minimal),
            original: cause.Original.Case);
        // A report from an earlier campaign in this directory would describe another case: none is better than a wrong one.
        var upstream = Path.Combine(dir, UpstreamFile);
        if (cause.Upstream is { } text) AtomicFile.Write(upstream, text);
        else File.Delete(upstream);
    }

    /// <summary>The filed-ready report of a cause's shrunk example, next to its report.md.</summary>
    public const string UpstreamFile = "upstream.md";

    /// <summary>A triaged cause's meta.json: the shrunk example's, with what triage found (also what its upstream report is rendered from).</summary>
    public static FailureMeta TriagedMeta(CampaignSettings settings, string expectation, TriagedCause cause, FoundFailure minimal)
    {
        var meta = Meta(settings, expectation, minimal);
        return meta with
        {
            Cause = cause.Cause.Text,
            ReproChecks = cause.Checks,
            CaseId = cause.Original.Case.Id,
            Shrunk = true,
            ShrinkSteps = cause.Steps,
            ShrinkComplete = cause.Fixpoint,
            OriginalMachines = cause.Original.Case.Machines.Count,
            MinimalMachines = cause.Minimal.Case.Machines.Count,
            FirstBadCommit = cause.Commit?.FirstBad,
            Notes = [.. meta.Notes, .. cause.Commit is { FirstBad: null, Note: { } why } ? [$"bisect: {why}"] : Array.Empty<string>(), .. cause.Cut],
        };
    }

    private static FailureMeta Meta(CampaignSettings settings, string expectation, FoundFailure failure) => new()
    {
        Fingerprint = failure.Fingerprint,
        Tokens = Model.Comparison.Fingerprint.Tokens(failure.Checked.Failing),
        Causes = failure.Checked.Causes.Keys.Select(c => c.Text).ToList(),
        CaseId = failure.Result.Case.Id,
        Seed = settings.Seed,
        Size = settings.Size,
        Versions = settings.Versions,
        BaseVersions = settings.BaseVersions,
        Expectation = expectation,
        FirstSeen = DateTimeOffset.UtcNow,
        Occurrences = [$"seed {settings.Seed} {failure.Result.Case.Id} at {DateTimeOffset.UtcNow:u}"],
        OriginalMachines = failure.Result.Case.Machines.Count,
        MinimalMachines = failure.Result.Case.Machines.Count,
        Focus = settings.Focus.Select(FocusAreas.Name).ToList(),
        Notes = failure.Result.Observation.Notes.Take(10).ToList(),
    };
}
