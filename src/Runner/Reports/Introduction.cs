using Conformance.Model.Ledger;

namespace Conformance.Runner.Reports;

/// <summary>
/// The commit that introduced a reported behaviour, as a report states it: hash, date, the pull
/// request on clan's forge (git.clan.lol — clan-core's numbers are its forge's, not GitHub's),
/// subject, and how it was found (bisecting the repro, reading the history of the quoted lines).
/// A campaign's failure gets it from bisection (<see cref="From"/>); a finding from its data.
/// </summary>
internal sealed record Introduction(string Commit, DateTimeOffset? Date, int? PullRequest, string Subject, string? How = null)
{
    /// <summary>The forge's address of a pull request.</summary>
    public static string PullRequestLink(int number) => $"https://git.clan.lol/clan/clan-core/pulls/{number}";

    public static Introduction From(Commit commit, string? how = null) => new(commit.Hash, commit.Date, commit.PullRequest, commit.Subject, how);

    /// <summary>"Introduced by `hash` (date, [#N](link)): subject", and how it was found.</summary>
    public string Line()
    {
        var details = string.Join(", ", new[] { Date?.ToString("yyyy-MM-dd"), PullRequest is { } pr ? $"[#{pr}]({PullRequestLink(pr)})" : null }.Where(d => d is not null));
        return $"Introduced by `{Commit[..Math.Min(9, Commit.Length)]}`{(details.Length > 0 ? $" ({details})" : "")}: {Subject}" + (How is null ? "" : $" ({How})") + ".";
    }
}
