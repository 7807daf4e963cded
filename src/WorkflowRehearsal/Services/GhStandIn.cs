using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conformance.WorkflowRehearsal.Services;

/// <summary>
/// The <c>gh</c> on the rehearsal's PATH: <c>gh api</c> against a fake repository's issues and labels
/// (a JSON file), every call recorded (calls.jsonl), so a night's filing can be read back. What
/// scripts/nightly-issues calls, with GitHub's REST answers: labels (GET one, 404 when missing; POST),
/// issues (GET with labels/state filters, POST, PATCH), comments (POST, GET). The token decides as
/// GitHub's GITHUB_TOKEN does: without GH_TOKEN/GITHUB_TOKEN gh refuses to run; a token whose job was
/// not granted <c>issues: write</c> gets 403 for a write. Any other call fails loudly, naming it.
/// </summary>
internal static class GhStandIn
{
    public const string IssuesFile = "issues.json", LabelsFile = "labels.json", CallsFile = "calls.jsonl";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var state = Environment.GetEnvironmentVariable("REHEARSAL_GH_STATE") ?? throw new InvalidOperationException("REHEARSAL_GH_STATE is not set");
        if (args.Length == 0 || args[0] != "api")
            return Fail(stderr, state, args, $"gh stand-in: only 'gh api' is emulated, not 'gh {string.Join(' ', args)}'");
        string method = "GET", path = "", jq = "";
        string? input = null;
        var paginate = false;
        var fields = new JsonObject();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-X" or "--method": method = args[++i].ToUpperInvariant(); break;
                case "--paginate": paginate = true; break;
                case "--jq" or "-q": jq = args[++i]; break;
                case "--input": input = args[++i]; break;
                case "-f" or "--raw-field" or "-F" or "--field":
                    var kv = args[++i];
                    var eq = kv.IndexOf('=');
                    fields[kv[..eq]] = kv[(eq + 1)..];
                    break;
                case "-H" or "--header": i++; break;
                default:
                    if (args[i].StartsWith('-')) return Fail(stderr, state, args, $"gh stand-in: option {args[i]} is not emulated");
                    path = args[i];
                    break;
            }
        }
        JsonNode? body = fields.Count > 0 ? fields : null;
        if (input is not null)
        {
            var text = input == "-" ? Console.In.ReadToEnd() : File.ReadAllText(input);
            body = JsonNode.Parse(text);
        }
        if (body is not null && method == "GET" && !args.Contains("-X") && !args.Contains("--method")) method = "POST";
        Record(state, new JsonObject { ["method"] = method, ["path"] = path, ["paginate"] = paginate, ["body"] = body?.DeepClone() });

        var token = Environment.GetEnvironmentVariable("GH_TOKEN") ?? Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        if (string.IsNullOrEmpty(token))
        {
            stderr.WriteLine("gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable. Example:\n  env:\n    GH_TOKEN: ${{ github.token }}");
            return 4;
        }
        if (method != "GET" && !token.Contains("issues=write", StringComparison.Ordinal))
        {
            stderr.WriteLine($"gh: Resource not accessible by integration (HTTP 403) [{method} {path}; the job's token has {token}]");
            return 1;
        }

        var (status, response) = Handle(state, method, path, body);
        if (status >= 400)
        {
            stdout.WriteLine(response?.ToJsonString());
            stderr.WriteLine($"gh: {response?["message"]} (HTTP {status})");
            return 1;
        }
        var json = response?.ToJsonString() ?? "";
        if (jq.Length == 0) { stdout.WriteLine(json); return 0; }
        var filter = Process.Start(new ProcessStartInfo("jq", ["-r", "-c", jq]) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        filter.StandardInput.Write(json);
        filter.StandardInput.Close();
        stdout.Write(filter.StandardOutput.ReadToEnd());
        filter.WaitForExit();
        return filter.ExitCode == 0 ? 0 : 1;
    }

    private static (int Status, JsonNode? Response) Handle(string state, string method, string path, JsonNode? body)
    {
        var route = path.Split('?')[0].TrimStart('/').Split('/');
        var query = path.Contains('?') ? path[(path.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "") : [];
        if (route.Length < 4 || route[0] != "repos") return NotEmulated(method, path);
        var issues = Load(state, IssuesFile);
        var labels = Load(state, LabelsFile);
        switch (method, route.Length, route[3])
        {
            case ("GET", 5, "labels"):
                return labels.FirstOrDefault(l => l!["name"]!.GetValue<string>() == route[4]) is { } label ? (200, label.DeepClone()) : (404, Message("Not Found"));
            case ("POST", 4, "labels"):
                var name = body?["name"]?.GetValue<string>() ?? "";
                if (labels.Any(l => l!["name"]!.GetValue<string>() == name)) return (422, Message("Validation Failed: already_exists"));
                labels.Add(new JsonObject { ["name"] = name, ["color"] = body?["color"]?.DeepClone(), ["description"] = body?["description"]?.DeepClone() });
                Save(state, LabelsFile, labels);
                return (201, labels[^1]!.DeepClone());
            case ("GET", 4, "issues"):
                var wanted = query.GetValueOrDefault("state", "open");
                var labelled = query.GetValueOrDefault("labels");
                return (200, new JsonArray(issues.Where(i => wanted == "all" || i!["state"]!.GetValue<string>() == wanted)
                    .Where(i => labelled is null || i!["labels"]!.AsArray().Any(l => l!["name"]!.GetValue<string>() == labelled))
                    .Select(i => Public(i!)).ToArray()));
            case ("POST", 4, "issues"):
                var number = issues.Select(i => i!["number"]!.GetValue<int>()).DefaultIfEmpty(0).Max() + 1;
                var issue = new JsonObject
                {
                    ["number"] = number, ["title"] = body?["title"]?.GetValue<string>() ?? "", ["body"] = body?["body"]?.GetValue<string>() ?? "",
                    ["state"] = "open", ["state_reason"] = null, ["pull_request"] = null,
                    ["labels"] = new JsonArray((body?["labels"]?.AsArray() ?? []).Select(l => (JsonNode)new JsonObject { ["name"] = l!.GetValue<string>() }).ToArray()),
                    ["comments"] = new JsonArray(),
                };
                foreach (var l in issue["labels"]!.AsArray())
                    if (labels.All(x => x!["name"]!.GetValue<string>() != l!["name"]!.GetValue<string>()))
                        labels.Add(new JsonObject { ["name"] = l!["name"]!.GetValue<string>() });
                issues.Add(issue);
                Save(state, IssuesFile, issues);
                Save(state, LabelsFile, labels);
                return (201, Public(issue));
        }
        if (route.Length >= 5 && route[3] == "issues" && int.TryParse(route[4], out var n))
        {
            var issue = issues.FirstOrDefault(i => i!["number"]!.GetValue<int>() == n)?.AsObject();
            if (issue is null) return (404, Message("Not Found"));
            switch (method, route.Length)
            {
                case ("GET", 5): return (200, Public(issue));
                case ("PATCH", 5):
                    foreach (var key in new[] { "title", "body", "state", "state_reason" })
                        if (body?[key] is { } value) issue[key] = value.DeepClone();
                    Save(state, IssuesFile, issues);
                    return (200, Public(issue));
                case ("POST", 6) when route[5] == "comments":
                    issue["comments"]!.AsArray().Add(new JsonObject { ["body"] = body?["body"]?.GetValue<string>() ?? "" });
                    Save(state, IssuesFile, issues);
                    return (201, issue["comments"]!.AsArray()[^1]!.DeepClone());
                case ("GET", 6) when route[5] == "comments":
                    return (200, issue["comments"]!.DeepClone());
            }
        }
        return NotEmulated(method, path);
    }

    /// <summary>An issue as the REST API returns it (the comments are a count there, kept in the state file).</summary>
    private static JsonObject Public(JsonNode issue)
    {
        var copy = issue.DeepClone().AsObject();
        copy["comments"] = issue["comments"]!.AsArray().Count;
        return copy;
    }

    private static (int, JsonNode?) NotEmulated(string method, string path) =>
        throw new InvalidOperationException($"gh stand-in: {method} {path} is not an emulated endpoint (labels, issues, issue comments)");

    private static JsonObject Message(string message) => new() { ["message"] = message };

    private static JsonArray Load(string state, string file)
    {
        var path = Path.Combine(state, file);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsArray() : [];
    }

    private static void Save(string state, string file, JsonArray value)
    {
        var path = Path.Combine(state, file);
        File.WriteAllText(path + ".tmp", value.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static void Record(string state, JsonObject call) => File.AppendAllText(Path.Combine(state, CallsFile), call.ToJsonString() + "\n");

    private static int Fail(TextWriter stderr, string state, string[] args, string message)
    {
        Record(state, new JsonObject { ["unsupported"] = string.Join(' ', args) });
        stderr.WriteLine(message);
        return 2;
    }
}
