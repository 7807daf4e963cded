using Conformance.Model.Cases;
using Conformance.NixDriver.Rendering;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Reports;

/// <summary>
/// The reproduction a saved failure ships (its <c>repro/</c> and its report's files): at the
/// fixture's pinned clan-core, the rendered clan with the fixture's flake.lock; at any other
/// revision, a flake that pins clan-core at that revision by hash and no lock — the pin's lock
/// would make the reproduction show the pin's behaviour, not the one reported.
/// </summary>
internal static class ReproTree
{
    public static RenderedTree For(ClanCase clanCase, EvaluatedVersions versions, string? lockFile)
    {
        if (lockFile is null || versions.ClanCoreRevision is not { } revision || versions.ClanCoreNarHash is not { } narHash)
            return ClanRenderer.Render(clanCase, lockFile);
        var pins = InputPin.FromLock(lockFile);
        return pins.TryGetValue("clan-core", out var pinned) && pinned.NarHash == narHash
            ? ClanRenderer.Render(clanCase, lockFile)
            : ReportFlake.Render(ClanRenderer.Render(clanCase), InputPin.ClanCore(revision.Hash, narHash), pins);
    }
}
