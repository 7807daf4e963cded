namespace Conformance.Tests.Infrastructure;

/// <summary>
/// A local clone of clan-core with its history, for the specs that evaluate revisions:
/// <c>$CLAN_CONFORMANCE_CLAN_CORE_REPO</c>, else <c>~/.cache/clan-conformance/clan-core.git</c>
/// (scripts/setup clones it there from the clan-core mirror), else the mirror next to the
/// repository (<c>../.mirror/clan-lol+clan-core/repo</c>). Missing, the specs skip saying so — or
/// fail under CLAN_CONFORMANCE_REQUIRE_LIVE=1.
/// </summary>
public static class ClanCoreClone
{
    public const string Variable = "CLAN_CONFORMANCE_CLAN_CORE_REPO";

    public static string? Path
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrEmpty(configured)) return configured;
            var cached = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(NixDriver.Inputs.InputsMap.DefaultPath)!, "clan-core.git");
            if (Directory.Exists(cached)) return cached;
            var mirror = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoPaths.Root, "..", ".mirror", "clan-lol+clan-core", "repo"));
            return Directory.Exists(mirror) ? mirror : null;
        }
    }

    public static string Require()
    {
        if (Path is { } path) return path;
        var reason = $"no clan-core clone: set ${Variable} to a clone with full history (git clone --mirror https://github.com/clan-lol/clan-core DIR)";
        if (Environment.GetEnvironmentVariable(LiveNixFixture.RequireLiveVariable) == "1") throw new InvalidOperationException(reason);
        Skip.If(true, reason);
        return "";
    }
}

/// <summary>
/// Real upstream history the revision specs stand on: clan-core #7295 (2026-04-10) made every
/// machine's pkgs default to pkgsFor — the documented behaviour of pkgsForSystem — and #7304 reverted
/// it a day later. The merge's first parent conforms; the merge does not.
/// </summary>
public static class UpstreamHistory
{
    /// <summary>The first parent of #7295's merge: conforms (clan-core as the model describes it).</summary>
    public const string Conforming = "8513da8c4";

    /// <summary>The merge of #7295.</summary>
    public const string Merge = "fb7d2a7c5";

    /// <summary>The commit on #7295's branch that made the change (the branch's second commit only adds tests).</summary>
    public const string FirstBad = "2bc314d4835783da322d6ec7d16280d97cf046de";

    /// <summary>
    /// A range holding unrelated changes the services generator sees: #7165 (2026-03-30, perMachine's
    /// machine.roles lists only the machine's own roles; commit 0d286cdb6), #5803 (merged 2026-04-13,
    /// inventory machines gain deploy.forwardAgent, default false; commit b163f365d) and #7276 (2026-04-21,
    /// x86_64-darwin dropped from clan's supported systems; commit 4dbb32b24) — and between them
    /// #7295 and its revert, which cancel out. The range was chosen for two; the third showed up when
    /// the model learnt the deploy settings (CI, 2026-12-07), a change nobody had listed.
    /// </summary>
    public const string TwoChangesBase = "8e0c4f05a^1";

    public const string TwoChangesHead = "14c1efc3b";

    public const string ServicesChange = "0d286cdb69263f7702bf2450c6963babb6cee925";

    public const string DeployChange = "b163f365d69cd89b2fe840b753255efb8034ccf5";

    public const string SystemsChange = "4dbb32b24018f11cc3dada8c1ea0622f5da0b7bd";
}
