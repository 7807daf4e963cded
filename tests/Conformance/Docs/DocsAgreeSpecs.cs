using System.Text.Json.Nodes;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Docs;

/// <summary>
/// README.md and docs/*.md agree with themselves (<see cref="DocRules"/>). Each rule is shown to fail
/// on the kind of disagreement it is for, written as the documents had it before the rule existed.
/// </summary>
public sealed class DocsAgreeSpecs
{
    [Fact]
    public void The_readme_and_docs_agree_with_themselves()
    {
        var violations = DocRules.All(Repository()).ToList();
        Assert.True(violations.Count == 0, $"{violations.Count} disagreement(s):\n" + string.Join("\n", violations));
    }

    // Each rule fails on the disagreement it is for (written as the documents had it) and passes once fixed.

    [Fact]
    public void README_quoting_a_measured_figure_fails_and_a_default_does_not()
    {
        Assert.Contains(DocRules.ReadmeQuotesNoMeasurement(Set(readme:
            "| the main job from a fresh clone (`run --cases 300 --seed 1`) | – | 298 s (204 machine-evals/min) |")), v => v.Contains("'298 s'"));
        Assert.Contains(DocRules.ReadmeQuotesNoMeasurement(Set(readme: "clan-core #7276, from this machine (68 s):")), v => v.Contains("'68 s'"));
        Assert.Empty(DocRules.ReadmeQuotesNoMeasurement(Set(readme: "all under `--shrink-budget` (default 5 min), and `--timeout` (default 600 s)")));
    }

    [Fact]
    public void A_count_that_is_not_the_tables_row_count_fails()
    {
        const string table = "| Fault | Caught |\n|---|---|\n| a | yes |\n| b | yes |\n| c | yes |\n\n";
        Assert.Contains(DocRules.CountsOfATableMatchItsRows(Set(("docs/detection.md", table + "All 2 faults were caught."))), v => v.Contains("has 3 rows"));
        Assert.Empty(DocRules.CountsOfATableMatchItsRows(Set(("docs/detection.md", table + "All 3 faults were caught. Of the three merges above, …"))));
    }

    [Fact]
    public void Counting_the_documented_gaps_wrong_fails()
    {
        var readme = "several claims are refuted, and three places where clan-core's documentation and implementation differ are\ntracked in known-deviations.json.";
        Assert.Contains(DocRules.DocumentedGapsAreCounted(Set(readme: readme) with { DocumentedGaps = 7 }), v => v.Contains("7 findings"));
        Assert.Empty(DocRules.DocumentedGapsAreCounted(Set(readme: readme) with { DocumentedGaps = 3 }));
    }

    [Fact]
    public void A_GitHub_reference_to_a_clan_core_pull_request_fails_even_in_code()
    {
        var doc = "```text\n# pkgs from pkgsForSystem: clan-lol/clan-core#7295\n```\nsee https://github.com/clan-lol/clan-core/pull/7304";
        Assert.Equal(2, DocRules.NoGitHubPullRequestLinks(Set(("docs/nightly.md", doc))).Count());
        Assert.Empty(DocRules.NoGitHubPullRequestLinks(Set(("docs/nightly.md", $"# pkgs: {DocRules.ForgePull}7295"))));
    }

    [Fact]
    public void A_pull_request_first_mentioned_without_its_forge_link_fails()
    {
        Assert.Contains(DocRules.PullRequestsLinkToTheForge(Set(("docs/model.md", "clan-core #7692 applied tag settings; #7692 again"))), v => v.Contains("#7692"));
        Assert.Empty(DocRules.PullRequestsLinkToTheForge(Set(("docs/model.md", $"clan-core [#7692]({DocRules.ForgePull}7692) applied them; #7692 again; `(#7380)` is code"))));
    }

    [Fact]
    public void Words_only_the_workshop_knows_fail()
    {
        var violations = DocRules.NoWordsOfTheWorkshop(Set(("docs/detection.md",
            "Issue 3 asks for it. Checked by hand in this session.\n### The default campaign sees service faults too (issue 15)"))).ToList();
        Assert.Equal(3, violations.Count);
        Assert.Empty(DocRules.NoWordsOfTheWorkshop(Set(("docs/detection.md", "Checked by hand on 2026-11-25."))));
    }

    [Fact]
    public void A_term_used_before_it_is_defined_fails()
    {
        var used = "```sh\nclan-conformance merge …   # ledger rebuilt from every results.jsonl\n```\nA pure **ledger** then merges keys.";
        Assert.Contains(DocRules.TermsAreDefinedWhereFirstUsed(Set(readme: used)), v => v.Contains("'ledger'"));
        Assert.Contains(DocRules.TermsAreDefinedWhereFirstUsed(Set(readme: "several claims of the seed\nreport are refuted")), v => v.Contains("'seed report'"));
        Assert.Empty(DocRules.TermsAreDefinedWhereFirstUsed(Set(readme: "A pure **ledger** then merges keys; the ledger …",
            ("docs/nightly.md", "see [docs/model.md, \"Causes and the ledger\"](model.md#causes-and-the-ledger); the ledger …"))));
    }

    [Fact]
    public void A_ci_run_over_its_stated_budget_fails()
    {
        const string section = "## The test command\n\n```sh\n.ci/run\n```\n\nA fresh clone: 520 passed in 45 min 47 s. ";
        Assert.Contains(DocRules.CiStaysWithinItsBudget(Set(("docs/performance.md", section + "So the budget of 45 min has no margin left."))), v => v.Contains("over the budget of 45 min"));
        Assert.Contains(DocRules.CiStaysWithinItsBudget(Set(("docs/performance.md", section))), v => v.Contains("without the budget"));
        Assert.Empty(DocRules.CiStaysWithinItsBudget(Set(("docs/performance.md", section + "CI's budget is 55 min."))));
    }

    [Fact]
    public void Throughput_stated_outside_its_home_fails()
    {
        const string text = "at the rates above (10–33 machine evaluations per checking minute) that is 30–90 minutes";
        Assert.Contains(DocRules.ThroughputHasOneHome(Set(("docs/nightly.md", text))), v => v.Contains("10–33 machine evaluations per checking minute"));
        Assert.Empty(DocRules.ThroughputHasOneHome(Set((DocRules.ThroughputHome, text))));
    }

    private static DocSet Set(params (string Name, string Text)[] docs) => Set("", docs);

    private static DocSet Set(string readme, params (string Name, string Text)[] docs) =>
        new(Document.Parse("README.md", readme), docs.Select(d => Document.Parse(d.Name, d.Text)).ToList(), DocumentedGaps: 0);

    internal static DocSet Repository()
    {
        var root = RepoPaths.Root;
        var docs = Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(f => Document.Parse("docs/" + Path.GetFileName(f), File.ReadAllText(f))).ToList();
        var gaps = Directory.GetFiles(Path.Combine(root, "findings"), "*.json")
            .Count(f => JsonNode.Parse(File.ReadAllText(f))?["claim"] is JsonObject);
        return new DocSet(Document.Parse("README.md", File.ReadAllText(Path.Combine(root, "README.md"))), docs, gaps);
    }
}
