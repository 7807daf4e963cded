using System.Text.Json.Nodes;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Nightly;

/// <summary>
/// <c>issues NIGHT_DIR [--issues FILE]</c>: the file side of <see cref="IssuePlanner"/> — reads the
/// night's nightly.json and each new cause's report, the issues filed before (GitHub's REST shape,
/// as <c>gh api repos/OWNER/REPO/issues</c> prints them), and writes NIGHT_DIR/issues-plan.json (what
/// to do, bodies included) and NIGHT_DIR/issues-after.json (the issues as GitHub would then hold
/// them: a dry run hands it to the next night). Prints one line per action. Talks to no server:
/// <c>scripts/nightly</c> fetches the issues and applies the plan with <c>gh api</c>.
/// </summary>
internal sealed class IssueRunner(RunnerConsole console)
{
    public const string PlanFile = "issues-plan.json", AfterFile = "issues-after.json";

    public Task<int> RunAsync(IssuesCommand command, CancellationToken cancellationToken)
    {
        var nightDir = Path.GetFullPath(command.NightDirectory);
        var nightPath = Path.Combine(nightDir, "nightly.json");
        if (!File.Exists(nightPath))
            throw new UsageException($"{command.NightDirectory} has no nightly.json: give the --out directory of nightly (or of nightly --merged).");
        var night = RecordJson.Deserialize<NightlyReport>(File.ReadAllText(nightPath), nightPath);
        var issues = command.IssuesFile is null ? [] : ReadIssues(command.IssuesFile);
        if (command.CasesOut is { } casesOut)
        {
            // The cases to replay tonight: every tracked issue's (open ones may close, closed ones reopen).
            Directory.CreateDirectory(casesOut);
            var withCase = issues.Where(i => i.Key is not null && i.Case is not null).ToList();
            foreach (var issue in withCase) AtomicFile.Write(Path.Combine(casesOut, $"{issue.Number}.json"), issue.Case! + "\n");
            console.Say($"issues: {withCase.Count} case(s) to replay in {casesOut} ({issues.Count(i => i.Key is not null) - withCase.Count} tracked issue(s) carry none)");
            return Task.FromResult(ExitCodes.Conforms);
        }
        var reports = night.Causes.Where(c => c.Report is not null && File.Exists(Path.Combine(nightDir, c.Report)))
            .ToDictionary(c => c.Key, c => File.ReadAllText(Path.Combine(nightDir, c.Report!)), StringComparer.Ordinal);
        // Each cause's shrunk case sits next to its report (failures/<fingerprint>/case.json).
        var cases = night.Causes.Where(c => c.Report is not null && File.Exists(Path.Combine(nightDir, Path.GetDirectoryName(c.Report)!, "case.json")))
            .ToDictionary(c => c.Key, c => File.ReadAllText(Path.Combine(nightDir, Path.GetDirectoryName(c.Report)!, "case.json")), StringComparer.Ordinal);
        var replays = command.ReplayedFile is null ? [] : ReadReplays(command.ReplayedFile);
        cancellationToken.ThrowIfCancellationRequested();

        var plan = IssuePlanner.Plan(issues, night, reports, cases, replays, command.RunUrl);
        AtomicFile.Write(Path.Combine(nightDir, PlanFile), RecordJson.Serialize(plan));
        AtomicFile.Write(Path.Combine(nightDir, AfterFile), RecordJson.Serialize(IssuePlanner.Apply(issues, plan).Select(i => new JsonObject
        {
            ["number"] = i.Number, ["title"] = i.Title, ["body"] = i.Body, ["state"] = i.Open ? "open" : "closed",
        }).ToList()));
        foreach (var action in plan) console.Print(action.ToString());
        console.Say($"issues: {plan.Count(a => a.Kind == "open")} to open, {plan.Count(a => a.Kind == "comment")} to comment on, {plan.Count(a => a.Kind == "update")} to update, " +
                    $"{plan.Count(a => a.Kind == "reopen")} to reopen, {plan.Count(a => a.Kind == "close")} to close ({issues.Count(i => i.Key is not null)} filed before); " +
                    Path.Combine(nightDir, PlanFile));
        return Task.FromResult(ExitCodes.Conforms);
    }

    /// <summary><c>replay --verdicts</c> of the cases <c>--cases-out</c> wrote: each verdict's source names its issue (NUMBER.json).</summary>
    public static IReadOnlyList<IssueReplay> ReadReplays(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--replayed {path} does not exist: give the file replay --verdicts wrote, or leave it out (then no issue closes).");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (System.Text.Json.JsonException e) { throw new UsageException($"--replayed {path} is not JSON: {e.Message}"); }
        return (root as JsonArray ?? throw new UsageException($"--replayed {path} is not a JSON array of verdicts")).OfType<JsonObject>()
            .Select(v => (Number: int.TryParse(Path.GetFileNameWithoutExtension(v["source"]?.GetValue<string>() ?? ""), out var n) ? n : (int?)null, Verdict: v))
            .Where(v => v.Number is not null)
            .Select(v => new IssueReplay(v.Number!.Value, v.Verdict["replayed"]?.GetValue<bool>() ?? false,
                (v.Verdict["keys"] as JsonArray ?? []).Select(k => k!.GetValue<string>()).ToList())).ToList();
    }

    /// <summary>A JSON array of issues (number, title, body, state); pull requests (which the issues API lists too) are left out.</summary>
    public static IReadOnlyList<TrackedIssue> ReadIssues(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--issues {path} does not exist: give the issues as a JSON array (gh api --paginate repos/OWNER/REPO/issues), or leave it out.");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (System.Text.Json.JsonException e) { throw new UsageException($"--issues {path} is not JSON: {e.Message}"); }
        if (root is not JsonArray array) throw new UsageException($"--issues {path} is not a JSON array of issues (number, title, body, state).");
        return array.OfType<JsonObject>().Where(i => i["pull_request"] is null).Select(i => new TrackedIssue(
            i["number"]?.GetValue<int>() ?? throw new UsageException($"--issues {path}: an issue without a number"),
            i["title"]?.GetValue<string>() ?? "",
            i["body"]?.GetValue<string>() ?? "",
            !string.Equals(i["state"]?.GetValue<string>(), "closed", StringComparison.OrdinalIgnoreCase))).ToList();
    }
}
