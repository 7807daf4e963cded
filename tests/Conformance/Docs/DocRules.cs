using System.Globalization;
using System.Text.RegularExpressions;

namespace Conformance.Tests.Docs;

/// <summary>What the rules read: README.md, docs/*.md and the counts of the data they describe.</summary>
/// <param name="DocumentedGaps">Findings (<c>findings/NN-*.json</c>) that quote clan-core's documentation against what it does (a <c>claim</c>).</param>
internal sealed record DocSet(Document Readme, IReadOnlyList<Document> Docs, int DocumentedGaps)
{
    public IEnumerable<Document> All => Docs.Prepend(Readme);
}

/// <summary>
/// "One figure, one place", as rules a program can check. A measured figure lives in docs/ once,
/// next to the command that measured it; README links to it. Each rule below names a way the same
/// quantity ends up stated twice with different values, or a word a reader cannot resolve, and
/// returns one line per violation (<c>file:line: what, and the fix</c>).
/// </summary>
internal static partial class DocRules
{
    /// <summary>The project's own words, each defined (bold) or linked where a document first uses it.</summary>
    public static readonly IReadOnlyList<string> Glossary = ["seed report", "ledger", "cause key", "first bad commit"];

    /// <summary>The document that holds every throughput figure (one unit, one home).</summary>
    public const string ThroughputHome = "docs/performance.md";

    public static IEnumerable<string> All(DocSet docs) =>
        ReadmeQuotesNoMeasurement(docs)
            .Concat(CountsOfATableMatchItsRows(docs))
            .Concat(DocumentedGapsAreCounted(docs))
            .Concat(NoGitHubPullRequestLinks(docs))
            .Concat(PullRequestsLinkToTheForge(docs))
            .Concat(NoWordsOfTheWorkshop(docs))
            .Concat(TermsAreDefinedWhereFirstUsed(docs))
            .Concat(CiStaysWithinItsBudget(docs))
            .Concat(ThroughputHasOneHome(docs));

    /// <summary>
    /// README quotes no measured figure (a number with a unit of time, size or rate): the figure
    /// lives in docs/ and README links it, so the two can never disagree. Settings are no figures:
    /// a number after "default", "beyond", "budget" or "timeout" (and command transcripts, which are
    /// code) is allowed.
    /// </summary>
    public static IEnumerable<string> ReadmeQuotesNoMeasurement(DocSet docs)
    {
        var readme = docs.Readme;
        for (var i = 0; i < readme.Lines.Count; i++)
            foreach (Match m in Measurement().Matches(readme.Prose(i)))
            {
                var before = readme.Prose(i)[..m.Index];
                if (Setting().IsMatch(before[Math.Max(0, before.Length - 24)..])) continue;
                yield return $"{readme.At(i)}: README quotes the measured figure '{m.Value.Trim()}'; state it once in docs/ with its command and link it from README";
            }
    }

    /// <summary>"All N faults were caught", "Of the N merges above": N is the number of rows of the table just before.</summary>
    public static IEnumerable<string> CountsOfATableMatchItsRows(DocSet docs)
    {
        foreach (var doc in docs.All)
            foreach (var (first, last) in doc.Tables())
            {
                var rows = last - first - 1; // header and separator
                for (var i = last + 1; i < doc.Lines.Count && i <= last + 4 && !doc.IsTableRow(i) && !doc.Lines[i].StartsWith('#'); i++)
                    foreach (Match m in TableCount().Matches(doc.Prose(i)))
                        if (Number(m.Groups["n"].Value) is { } n && n != rows)
                            yield return $"{doc.At(i)}: '{m.Value}' but the table above ({doc.At(first)}) has {rows} rows";
            }
    }

    /// <summary>A count of the places where clan-core's documentation and implementation differ is the number of findings quoting the documentation.</summary>
    public static IEnumerable<string> DocumentedGapsAreCounted(DocSet docs)
    {
        foreach (var doc in docs.All)
            for (var i = 0; i < doc.Lines.Count; i++)
            {
                var text = doc.Prose(i) + " " + (i + 1 < doc.Lines.Count ? doc.Prose(i + 1) : ""); // a sentence may wrap
                foreach (Match m in GapCount().Matches(text))
                    if (m.Index < doc.Prose(i).Length && Number(m.Groups["n"].Value) is { } n && n != docs.DocumentedGaps)
                        yield return $"{doc.At(i)}: '{m.Value}' but {docs.DocumentedGaps} findings (findings/*.json with a claim) quote documentation that differs; link them instead of counting";
            }
    }

    /// <summary>clan-core's pull requests live on its forge, git.clan.lol, not GitHub (whose mirror has other numbers): no GitHub pull/issue links or <c>owner/repo#N</c>, code blocks included.</summary>
    public static IEnumerable<string> NoGitHubPullRequestLinks(DocSet docs)
    {
        foreach (var doc in docs.All)
            for (var i = 0; i < doc.Lines.Count; i++)
                foreach (Match m in GitHubReference().Matches(doc.Lines[i]))
                    yield return $"{doc.At(i)}: '{m.Value}' is a GitHub reference; write clan-core's pull requests as {ForgePull}N links";
    }

    public const string ForgePull = "https://git.clan.lol/clan/clan-core/pulls/";

    /// <summary>The first mention of a clan-core pull request (<c>#NNNN</c>) in each document is a link to it on git.clan.lol.</summary>
    public static IEnumerable<string> PullRequestsLinkToTheForge(DocSet docs)
    {
        foreach (var doc in docs.All)
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < doc.Lines.Count; i++)
            {
                var prose = doc.Prose(i);
                var links = ForgeLink().Matches(prose).Select(l => (l.Index, End: l.Index + l.Length, Number: l.Groups["n"].Value)).ToList();
                foreach (Match m in PullNumber().Matches(prose))
                {
                    var number = m.Groups["n"].Value;
                    if (!seen.Add(number)) continue;
                    if (!links.Any(l => l.Number == number && l.Index <= m.Index && m.Index < l.End))
                        yield return $"{doc.At(i)}: the first mention of #{number} here is no link; write [#{number}]({ForgePull}{number})";
                }
            }
        }
    }

    /// <summary>Words that point into the workshop a reader never saw: "this session", "an earlier session", "issue 15" (the project's own tracker), "the other engineer".</summary>
    public static IEnumerable<string> NoWordsOfTheWorkshop(DocSet docs)
    {
        foreach (var doc in docs.All)
            for (var i = 0; i < doc.Lines.Count; i++)
                foreach (Match m in Workshop().Matches(doc.Prose(i)))
                    yield return $"{doc.At(i)}: '{m.Value}' means nothing to a reader; say what was done, when (a date) and why";
    }

    /// <summary>
    /// Each <see cref="Glossary"/> word is defined (<c>**word**</c>) or linked (<c>[… word …](…)</c>)
    /// where a document first uses it — code blocks included (a reader reads them too), a heading
    /// counting as the definition of the section below it, a word wrapped across lines found too.
    /// </summary>
    public static IEnumerable<string> TermsAreDefinedWhereFirstUsed(DocSet docs)
    {
        foreach (var doc in docs.All)
        {
            var lines = Enumerable.Range(0, doc.Lines.Count).Select(i => doc.InCode[i] ? doc.Lines[i] : InlineCodeSpan().Replace(doc.Lines[i], "`…`")).ToList();
            var text = string.Join("\n", lines);
            var starts = new List<int>();
            for (int i = 0, at = 0; i < lines.Count; at += lines[i].Length + 1, i++) starts.Add(at);
            int LineOf(int offset) => starts.FindLastIndex(s => s <= offset);
            var links = MarkdownLink().Matches(text).Select(l => (Start: l.Index + 1, End: l.Index + 1 + l.Groups["text"].Length)).ToList();
            foreach (var term in Glossary)
            {
                var m = new Regex($@"(?i)\b{Regex.Escape(term).Replace("\\ ", "[ \\n]+")}s?\b").Match(text);
                if (!m.Success) continue;
                var line = LineOf(m.Index);
                var bold = m.Index >= 2 && text.AsSpan(m.Index - 2, 2).SequenceEqual("**") && text.AsSpan(m.Index + m.Length).StartsWith("**");
                var linked = !doc.InCode[line] && links.Any(l => l.Start <= m.Index && m.Index + m.Length <= l.End);
                var heading = !doc.InCode[line] && doc.Lines[line].StartsWith('#');
                if (!bold && !linked && !heading)
                    yield return $"{doc.At(line)}: '{m.Value.Replace('\n', ' ')}' is used before it is defined here; define it (**{term}**: what it is) or link its definition";
            }
        }
    }

    /// <summary>
    /// The measured duration of <c>.ci/run</c> stays within the budget the same section states
    /// ("budget of N min" / "budget: N min"): every total it reports ("in N min M s", "took N min M s") is at most that.
    /// </summary>
    public static IEnumerable<string> CiStaysWithinItsBudget(DocSet docs)
    {
        foreach (var doc in docs.All)
        {
            var sections = Enumerable.Range(0, doc.Lines.Count).GroupBy(doc.SectionOf)
                .Where(s => s.Any(i => doc.Lines[i].Contains(".ci/run", StringComparison.Ordinal)));
            foreach (var section in sections)
            {
                var text = string.Join(" ", section.Select(doc.Prose));
                var budgets = Budget().Matches(text).Select(m => int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture) * 60).ToList();
                if (budgets.Count == 0)
                {
                    if (Total().IsMatch(text)) yield return $"{doc.At(section.Key)}: a measured .ci/run without the budget it must stay within (\"budget of N min\")";
                    continue;
                }
                foreach (Match m in Total().Matches(text))
                {
                    var seconds = int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture) * 60 + (m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0);
                    if (seconds > budgets.Min())
                        yield return $"{doc.At(section.Key)}: '{m.Value.Trim()}' is over the budget of {budgets.Min() / 60} min stated in the same section";
                }
            }
        }
    }

    /// <summary>Throughput (machine evaluations or cases per minute or second) is stated in <see cref="ThroughputHome"/> only, where each figure says under what load; elsewhere, link it.</summary>
    public static IEnumerable<string> ThroughputHasOneHome(DocSet docs)
    {
        foreach (var doc in docs.All.Where(d => d.Name != ThroughputHome))
            for (var i = 0; i < doc.Lines.Count; i++)
                foreach (Match m in Throughput().Matches(doc.Prose(i)))
                    yield return $"{doc.At(i)}: the throughput '{m.Value.Trim()}' belongs in {ThroughputHome} (with the load it was measured under); link it";
    }

    private static readonly string[] Words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : Array.IndexOf(Words, text.ToLowerInvariant()) is var w and >= 0 ? w : null;

    private const string NumberWord = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty";

    [GeneratedRegex(@"(?<![\w.\-/+×])\d+(?:[.,]\d+)*(?:\s?[–-]\s?\d+(?:[.,]\d+)*)?\s?(?:ms|s|min|h|MB|MiB|GB|GiB|KiB|KB|machine-evals/min|cases/min|cases/s)(?![\w/])")]
    private static partial Regex Measurement();

    [GeneratedRegex(@"(?i)\b(default|beyond|budget|timeout|allows|limit)\b[^.;]*$")]
    private static partial Regex Setting();

    [GeneratedRegex(@"(?i)\b(?:all|of the)\s+(?<n>\d+|" + NumberWord + @")\s+(?:[a-z-]+\s+)?(?:were\s+)?(?:caught|faults|merges|rows|cases|findings|changes)\b")]
    private static partial Regex TableCount();

    [GeneratedRegex(@"(?i)\b(?<n>\d+|" + NumberWord + @")\s+(?:places|gaps|documented gaps|documented-versus-implemented gaps)\s+where\b[^.]*\bdocumentation\b|\b(?<n>\d+|" + NumberWord + @")\s+documented(?:-versus-implemented)?\s+gaps\b")]
    private static partial Regex GapCount();

    [GeneratedRegex(@"github\.com/[\w.-]+/[\w.-]+/(?:pull|pulls|issues)/\d+|\b[\w.-]+/clan-core#\d+")]
    private static partial Regex GitHubReference();

    [GeneratedRegex(@"\[[^\]]*\]\(https://git\.clan\.lol/clan/clan-core/pulls/(?<n>\d+)\)")]
    private static partial Regex ForgeLink();

    [GeneratedRegex(@"(?<![\w/&])#(?<n>\d{4,5})\b")]
    private static partial Regex PullNumber();

    [GeneratedRegex(@"(?i)\b(?:this|an earlier|earlier|the previous|a previous) session\b|\bissues?[ -]\d+\b|\bthe other engineer\b")]
    private static partial Regex Workshop();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCodeSpan();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?i)\bbudget(?: of|:| is)\s+\**(?<min>\d+)\s?min\b")]
    private static partial Regex Budget();

    [GeneratedRegex(@"(?i)\b(?:in|took)\s+\**(?<min>\d+)\s?min(?:\s+(?<s>\d+)\s?s)?\b")]
    private static partial Regex Total();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*(?:\s?[–-]\s?\d+(?:[.,]\d+)*)?\**\s?(?:machine-evals/min|machine evaluations per (?:checking )?minute|cases/min|cases/s|service cases/min)")]
    private static partial Regex Throughput();
}
