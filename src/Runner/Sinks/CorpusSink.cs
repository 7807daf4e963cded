using Conformance.Model.Observations;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Sinks;

/// <summary>Saves every new fingerprint as found, and every shrunk cause with its report checks and first bad commit, under <c>failures/&lt;fingerprint&gt;/</c>.</summary>
internal sealed class CorpusSink(FailureCorpus corpus, CampaignSettings settings, string expectation) : ICampaignSink
{
    public void FailureFound(FoundFailure failure) => corpus.Save(settings.OutDirectory, failure.Result, failure.Checked.Failing, failure.Fingerprint, Meta(failure));

    public void CauseTriaged(TriagedCause cause, FoundFailure minimal) =>
        corpus.Save(settings.OutDirectory, minimal.Result, minimal.Checked.Failing, minimal.Fingerprint, Meta(minimal) with
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
            Notes = [.. Meta(minimal).Notes, .. cause.Commit is { FirstBad: null, Note: { } why } ? [$"bisect: {why}"] : Array.Empty<string>(), .. cause.Cut],
        }, original: cause.Original.Case);

    private FailureMeta Meta(FoundFailure failure) => new()
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
