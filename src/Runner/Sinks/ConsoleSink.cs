using Conformance.Model.Ledger;
using Conformance.Runner.Hosting;

namespace Conformance.Runner.Sinks;

/// <summary>
/// What a person watching a campaign sees on stderr: each new failure as found, triage as it
/// goes, then the outcome — causes grouped by first bad commit when there is history — and one
/// closing line naming summary.md.
/// </summary>
internal sealed class ConsoleSink(RunnerConsole console, string outDirectory, string agreeWord) : ICampaignSink
{
    // Made with the sink, just before the campaign starts: its clock measures the checking rate.
    private readonly Runner.Progress.ProgressReporter _progress = new(agreeWord == "identical" ? "comparing" : "checking", console.Error,
        Runner.Progress.ProgressReporter.IsTerminal(console.Error));

    public void Checking(Checking.CheckProgress progress) => _progress.Report(progress);

    public void FailureFound(FoundFailure failure) =>
        console.Say($"failure {failure.Fingerprint} in {failure.Result.Case.Id}: {string.Join(", ", failure.Checked.Causes.Keys)} → {Path.GetRelativePath(outDirectory, failure.Directory)}");

    public void Progress(string line) => console.Say(line);

    public void CauseTriaged(TriagedCause cause, FoundFailure minimal)
    {
        // Said when its trigger test explained it (TestTriggersAsync's progress line); nothing was shrunk or saved.
        if (cause.ExplainedBy is not null) return;
        var checks = cause.Checks.Count == 0 ? "" : $"; report commands reproduce it: {cause.Checks.Count(c => c.AsReported)}/{cause.Checks.Count}";
        var commit = cause.Commit is { FirstBad: { } c } ? $"; first bad commit {c.Describe()}" : cause.Commit?.Note is { } why ? $"; no first bad commit ({why})" : "";
        console.Say($"  {cause.Cause}: {cause.Steps} step(s){(cause.Fixpoint ? "" : " (not at a fixpoint)")}, {cause.Minimal.Case.Machines.Count} machine(s){checks}{commit} → {Path.GetRelativePath(outDirectory, minimal.Directory)}");
        foreach (var cut in cause.Cut) console.Say($"    cut: {cut}");
    }

    public void Completed(CampaignSummary summary, Ledger ledger)
    {
        Print(summary, outDirectory, console.Error);
        console.Say($"{summary.CasesConforming}/{summary.CasesRun} {agreeWord}, {summary.Causes.Count} cause(s), {summary.Failures.Count} distinct failure(s); {Path.Combine(outDirectory, "summary.md")}");
    }

    /// <summary>The causes, grouped by first bad commit when known, one line each (what a person reads first).</summary>
    public static void Print(CampaignSummary summary, string outDirectory, TextWriter writer)
    {
        if (summary.Causes.Count == 0) return;
        writer.WriteLine($"{summary.Causes.Count} cause(s) in {summary.CasesFailing} of {summary.CasesRun} case(s){(summary.Commits.Count > 0 ? $", from {summary.Commits.Count} commit(s)" : "")}:");
        var byKey = summary.Causes.ToDictionary(c => c.Key);
        foreach (var commit in summary.Commits)
        {
            writer.WriteLine($"  commit {commit.Commit.Describe()}:");
            foreach (var key in commit.Causes) Line(byKey[key], "    ");
        }
        var rest = summary.Causes.Where(c => c.FirstBadCommit is null).ToList();
        if (summary.Commits.Count > 0 && rest.Count > 0) writer.WriteLine("  without a first bad commit:");
        foreach (var c in rest) Line(c, summary.Commits.Count > 0 ? "    " : "  ");

        void Line(CauseSummary c, string indent)
        {
            writer.WriteLine($"{indent}{(c.Known ? "known" : "NEW  ")} {c.Cases,4} case(s)  {c.Title}");
            writer.WriteLine($"{indent}      {c.Key}" + (c.Directory is null ? "" : $"  → {Path.Combine(outDirectory, c.Directory, "report.md")}"));
            foreach (var m in c.Members) writer.WriteLine($"{indent}      + {m.Key} ({m.Cases} case(s), {m.Rule})");
        }
    }
}
