using Conformance.NixDriver.Backends;

namespace Conformance.Runner.Campaigns;

/// <summary>
/// The exit codes of every command that runs a campaign, in one place: 0 conforms (identical),
/// 1 conformance failures (differences), 2 usage, infrastructure or interrupted.
/// </summary>
internal static class ExitCodes
{
    public const int Conforms = 0;
    public const int Fails = 1;
    public const int Error = 2;

    /// <summary>What a campaign's summary means: stopped early or not fully observed → 2, failures → 1, else 0.</summary>
    public static int Of(CampaignSummary summary) =>
        summary.Interrupted ? Error : summary.CasesFailing > 0 ? Fails : summary.HarnessFaults.Count > 0 ? Error : Conforms;

    /// <summary>The campaign's exit code, saying why when it is 2; an infrastructure failure is raised (the caller prints it as an error, exit 2).</summary>
    /// <param name="say">Where the reason for a 2 goes.</param>
    public static int Of(CampaignSummary summary, string outDirectory, Action<string> say)
    {
        if (summary.InfrastructureFailure is not null)
            throw new NixInfrastructureException($"{summary.InfrastructureFailure} (the run stopped; results found so far are in {outDirectory})");
        var code = Of(summary);
        if (summary.Interrupted) say($"interrupted: partial results in {outDirectory}");
        else if (code == Error)
            say($"error: {summary.HarnessFaults.Count} case(s) could not be fully observed (infrastructure: {summary.HarnessFaults.Values.First()}). " +
                $"Raise --timeout or lower --workers; see {Path.Combine(outDirectory, "summary.md")}.");
        return code;
    }
}
