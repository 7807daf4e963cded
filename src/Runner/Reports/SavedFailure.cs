using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Reports;

/// <summary>
/// What <see cref="FailureCorpus"/> writes besides a failure's records: its repro at the versions it
/// was found on (<see cref="ReproTree"/>), its report.md (<see cref="UpstreamReport"/>) and replay.sh.
/// Rendered here, above storage, so that the corpus depends on neither reports nor the repository.
/// </summary>
internal static class SavedFailure
{
    public static FailureCorpus.Render Renderer(RepositoryFiles repository) => (clanCase, meta, records) =>
    {
        var repro = ReproTree.For(clanCase, meta.Versions, repository.LockFile);
        return new FailureCorpus.Rendered(repro, UpstreamReport.Render(meta, records, clanCase, repro), ReplayScript(repository));
    };

    private static string ReplayScript(RepositoryFiles repository) =>
        "#!/bin/sh\n# Re-run this failure through the harness (exit 1 while it still fails).\n" +
        (repository.IsPackedTool
            // The packed tool: itself (its shim, wherever --tool-path put it; $CLAN_CONFORMANCE overrides).
            ? $"cd \"$(dirname \"$0\")\" && exec \"${{CLAN_CONFORMANCE:-{ToolCommand}}}\" replay \"$PWD\" \"$@\"\n"
            : $"cd \"$(dirname \"$0\")\" && exec dotnet run --project \"${{CLAN_CONFORMANCE_REPO:-{repository.Root ?? "."}}}/src/Runner\" -- replay \"$PWD\" \"$@\"\n");

    /// <summary>How the packed tool runs itself: the shim it was started from, else its name on PATH (run as <c>dotnet clan-conformance.dll</c>).</summary>
    private static string ToolCommand =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "clan-conformance"
        && path.IndexOfAny(['"', '$', '`', '\\']) < 0 // written inside "…" in replay.sh
            ? path
            : "clan-conformance";
}
