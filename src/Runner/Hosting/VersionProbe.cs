using System.Text.Json.Nodes;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Hosting;

/// <summary>
/// Asks Nix what it actually evaluates (revisions where known, content hashes always) and names
/// it: a local tree whose narHash equals the fixture lock's pinned revision is reported as that revision.
/// </summary>
internal static class VersionProbe
{
    public static async Task<EvaluatedVersions> ReadAsync(NixSession session, string? lockFile, CancellationToken cancellationToken, NixEvaluator? evaluator = null)
    {
        var meta = await ReadMetaAsync(session, lockFile, cancellationToken, evaluator);
        var locked = lockFile is null ? null : JsonNode.Parse(lockFile)?["nodes"];
        string Describe(string input, string repo)
        {
            var node = meta.GetProperty(input);
            var rev = node.GetProperty("rev").ValueKind == System.Text.Json.JsonValueKind.String ? node.GetProperty("rev").GetString() : null;
            var narHash = node.GetProperty("narHash").ValueKind == System.Text.Json.JsonValueKind.String ? node.GetProperty("narHash").GetString() : null;
            var version = node.TryGetProperty("version", out var v) ? $" {v.GetString()}" : "";
            if (rev is not null) return $"{repo} {rev}{version}";
            var lockedNode = locked?[input]?["locked"];
            if (narHash is not null && lockedNode?["narHash"]?.GetValue<string>() == narHash)
                return $"{repo} {lockedNode["rev"]?.GetValue<string>()}{version} (local tree; its narHash {narHash} equals the pinned revision's)";
            return $"{repo}{version} (local tree, narHash {narHash ?? "unknown"}; not a pinned revision)";
        }
        return new EvaluatedVersions(
            meta.GetProperty("nix").GetString() ?? "?",
            Describe("clan-core", "clan-lol/clan-core"),
            Describe("nixpkgs", "nixpkgs"),
            session.Backend.Description)
        {
            ClanCoreNarHash = meta.GetProperty("clan-core").GetProperty("narHash") is { ValueKind: System.Text.Json.JsonValueKind.String } h ? h.GetString() : null,
        };
    }

    /// <summary>What Nix reports about its inputs, raw: <c>nix</c>, and <c>rev</c>/<c>narHash</c> of clan-core and nixpkgs (null where unknown).</summary>
    public static async Task<System.Text.Json.JsonElement> ReadMetaAsync(NixSession session, string? lockFile, CancellationToken cancellationToken, NixEvaluator? evaluator = null)
    {
        var dir = session.CreateScratchDirectory("meta");
        BatchRenderer.Render([], lockFile).WriteTo(dir);
        return (await (evaluator ?? session.Evaluator).EvaluateAsync(NixEvalRequest.Attribute(dir, BatchRenderer.MetaAttribute), cancellationToken)).Value;
    }
}
