using System.Text.Json.Nodes;
using Conformance.WorkflowRehearsal.Services;

namespace Conformance.WorkflowRehearsal;

/// <summary>
/// What outlives one run, as on GitHub: the repository's Actions caches, its issues and labels (the
/// stand-in gh's), and the run counter (github.run_number). Nights of a rehearsal share one world;
/// each run keeps its artifacts and logs under <c>runs/RUN_ID</c>.
/// </summary>
public sealed class RehearsalWorld
{
    private RehearsalWorld(string root)
    {
        Root = root;
        Directory.CreateDirectory(GhState);
        Caches = new CacheService(Path.Combine(root, "caches"));
    }

    public string Root { get; }

    /// <summary>The stand-in gh's state: issues.json, labels.json, calls.jsonl.</summary>
    public string GhState => Path.Combine(Root, "gh");

    internal CacheService Caches { get; }

    public static RehearsalWorld Create(string root) => new(Directory.CreateDirectory(root).FullName);

    /// <summary>The next run's number (1, 2, …), kept in the world so that nights number on.</summary>
    internal int NextRunNumber()
    {
        var file = Path.Combine(Root, "run-number");
        var next = (File.Exists(file) ? int.Parse(File.ReadAllText(file)) : 0) + 1;
        File.WriteAllText(file, next.ToString());
        return next;
    }

    /// <summary>The repository's issues as the stand-in gh holds them (number, title, body, state, labels, comments).</summary>
    public JsonArray Issues() => Read(GhStandIn.IssuesFile);

    /// <summary>Every gh call so far (method, path, body), in order.</summary>
    public IReadOnlyList<JsonObject> GhCalls()
    {
        var path = Path.Combine(GhState, GhStandIn.CallsFile);
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList() : [];
    }

    /// <summary>The cache entries (key, creation time), oldest first.</summary>
    public IReadOnlyList<(string Key, DateTimeOffset Created)> CacheEntries() => Caches.List().OrderBy(e => e.Created).ToList();

    private JsonArray Read(string file)
    {
        var path = Path.Combine(GhState, file);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsArray() : [];
    }
}
