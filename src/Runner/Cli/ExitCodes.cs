namespace Conformance.Runner.Cli;

/// <summary>
/// The exit codes of every command, in one place: 0 conforms (identical), 1 conformance failures
/// (differences), 2 usage, infrastructure or interrupted. Here with the command line, below every
/// runner that returns them; what a campaign's summary means is <see cref="Sinks.CampaignSummary.ExitCode()"/>.
/// </summary>
internal static class ExitCodes
{
    public const int Conforms = 0;
    public const int Fails = 1;
    public const int Error = 2;
}
