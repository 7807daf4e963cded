using System.Globalization;
using System.Text.Json.Nodes;

namespace Conformance.Runner.History;

/// <summary>How an introducing commit was found, so it can be found again.</summary>
internal enum IntroductionMethod
{
    /// <summary>The finding's case bisected from a good revision (the query) to the revision that shows it.</summary>
    Bisect,

    /// <summary>The oldest commit that added a string (<c>git log -S QUERY</c>, optionally limited to a path).</summary>
    LogS,

    /// <summary>A commit in the line history of the behaviour's lines (<c>git log -L START,END:FILE</c>).</summary>
    LogL,
}

/// <summary>
/// The commit that introduced a finding's behaviour and how it was found: <see cref="Query"/> is
/// the string given to <c>git log -S</c> (with <see cref="Path"/>), <c>FILE:START,END</c> for
/// <c>git log -L</c>, or the good revision a bisection started from.
/// </summary>
internal sealed record IntroducingCommit(CommitRecord Commit, IntroductionMethod How, string Query, string? Path = null)
{
    public static string Name(IntroductionMethod how) => how switch
    {
        IntroductionMethod.Bisect => "bisect",
        IntroductionMethod.LogS => "log-S",
        _ => "log-L",
    };

    /// <summary>The git command (or the harness verb) that finds it again.</summary>
    public string Command => How switch
    {
        IntroductionMethod.LogS => $"git log -S '{Query}' --reverse PIN{(Path is null ? "" : " -- " + Path)}",
        IntroductionMethod.LogL => $"git log -L {LineRange.Start},{LineRange.End}:{LineRange.File} PIN",
        _ => $"clan-conformance bisect --good {Query} --bad PIN",
    };

    /// <summary>For <see cref="IntroductionMethod.LogL"/>: the file and lines of <see cref="Query"/> (<c>FILE:START,END</c>).</summary>
    public (string File, int Start, int End) LineRange =>
        TryLineRange(Query, out var range) ? range : throw new InvalidOperationException($"{Query} is not FILE:START,END");

    public static bool TryLineRange(string query, out (string File, int Start, int End) range)
    {
        range = default;
        var colon = query.LastIndexOf(':');
        if (colon <= 0) return false;
        var lines = query[(colon + 1)..].Split(',');
        if (lines.Length != 2 || !int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !int.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end) || start < 1 || end < start) return false;
        range = (query[..colon], start, end);
        return true;
    }

    public JsonObject ToJson()
    {
        var o = Commit.ToJson();
        o["how"] = Name(How);
        o["query"] = Query;
        if (Path is not null) o["path"] = Path;
        return o;
    }

    public static IntroducingCommit Parse(JsonNode? node, Func<string, Exception> bad)
    {
        var commit = CommitRecord.Parse(node, "introducedBy", bad);
        var o = (JsonObject)node!;
        var how = o["how"]?.GetValue<string>() switch
        {
            "bisect" => IntroductionMethod.Bisect,
            "log-S" => IntroductionMethod.LogS,
            "log-L" => IntroductionMethod.LogL,
            var other => throw bad($"introducedBy.how must be \"bisect\", \"log-S\" or \"log-L\" (how the commit was found), got {(other is null ? "nothing" : $"\"{other}\"")}."),
        };
        var query = o["query"]?.GetValue<string>() is { Length: > 0 } q ? q
            : throw bad($"introducedBy.query is missing: the string git log -S searched, FILE:START,END for git log -L, or the good revision of a bisection.");
        if (how == IntroductionMethod.LogL && !TryLineRange(query, out _))
            throw bad($"introducedBy.query of a log-L must be FILE:START,END (lines at the pin), got \"{query}\".");
        var path = o["path"]?.GetValue<string>();
        return new IntroducingCommit(commit, how, query, path);
    }
}
