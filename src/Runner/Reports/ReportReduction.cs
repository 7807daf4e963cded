using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Reducing;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Rendering.Reduction;
using Conformance.NixDriver.Rendering.Syntax;
using Conformance.NixDriver.Sessions;

namespace Conformance.Runner.Reports;

/// <summary>A report's repro after reduction: the program, what its command shows on each side, and how it was obtained.</summary>
/// <param name="Key">Identifies the input of the reduction (both shapes' text, the attribute, the sides, the premises), so a committed report's repro can be reused when it is unchanged.</param>
/// <param name="Minimal">Whether the reducer finished (no single edit keeps what it shows) rather than ran out of budget.</param>
internal sealed record ReducedRepro(ReportRepro Repro, IReadOnlyList<ReproOutcome> Outcomes, string Key, bool Minimal, string Summary);

/// <summary>
/// A report's repro, from the shrunk case to what a maintainer reads: both shapes of the report
/// profile (<see cref="ReportProfile"/>) evaluated side by side; the plain <c>clan-core.lib.clan</c>
/// one is the start when it shows what the flake-parts one shows on every side (else flake-parts
/// is part of the finding and stays); then <see cref="ReproReducer"/> cuts it down, every candidate
/// evaluated by Nix on every side. The sides are the revision under test and, for a <c>diff</c>, the
/// base revision, where the expected value is computed rather than stated: there a candidate must
/// still print the base's value on the base, and no premises are needed; elsewhere the
/// expectation's premises (<see cref="ReproPremises"/>) must stay.
/// </summary>
internal sealed partial class ReportReduction(NixSession session, TimeSpan timeout)
{
    /// <summary>Changes when the report profile or the reducer's edits change what a reduction gives: committed repros are reduced again.</summary>
    public const string ProfileVersion = "6";

    /// <summary>A revision candidates are evaluated on (its evaluator carries clan-core's tree).</summary>
    public sealed record Side(string Name, NixEvaluator Evaluator);

    /// <summary>The start of a reduction: both shapes and the key that identifies them.</summary>
    public sealed record Start(ReportRepro FlakeParts, ReportRepro? Plain, string Key);

    public static Start Prepare(ClanCase clanCase, FieldKey field, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins, JsonNode? expected, string title,
        IReadOnlyList<string> sides)
    {
        var flakeParts = ReportProfile.FlakeParts(clanCase, field, clanCore, lockPins);
        var plain = ReportProfile.Plain(clanCase, field, clanCore, lockPins);
        // What the reduction depends on: the case and what is said of it, the revisions, the profile and reducer (ProfileVersion).
        // Not the printed text, so a change of layout reuses a committed repro (re-printed) instead of reducing again.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0000",
            [ProfileVersion, CaseJson.Serialize(clanCase), field.Text, clanCore.Reference, expected?.ToJsonString() ?? "null", title, .. sides]))))[..16];
        return new Start(flakeParts, plain, key);
    }

    /// <summary>The premises a reduction from <paramref name="start"/> keeps (none when a second side computes the expectation).</summary>
    public static ReproPremises Premises(ReportRepro start, JsonNode? expected, string title, int sides) =>
        sides > 1 ? ReproPremises.None : ReproPremises.Of(start.Program, expected, title);

    /// <summary>Reduces under <paramref name="budget"/>; the first side is the revision under test.</summary>
    public async Task<ReducedRepro> ReduceAsync(Start start, JsonNode? expected, string title, IReadOnlyList<Side> sides, TimeSpan budget,
        CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ReportRepro[] shapes = start.Plain is null ? [start.FlakeParts] : [start.FlakeParts, start.Plain];
        var observer = new NixReproOracle(session, start.FlakeParts.Command, [], timeout);
        var seen = new List<IReadOnlyList<ReproOutcome?>>();
        foreach (var side in sides) seen.Add(await observer.ObserveAsync(shapes.Select(s => s.Program).ToList(), side.Evaluator, cancellationToken));
        if (seen.Any(s => s[0] is null))
            throw new NixInfrastructureException("the report's repro could not be evaluated (its nix process did not finish); nothing to reduce");
        // Names the title quotes that the flake-parts clan's output shows must show in the plain one's too
        // (finding 13's `flakeModules/clan.nix`: the plain clan shows the same conflict from `<unknown-file>`).
        var quoted = ReproPremises.QuotedNames(title).ToList();
        var plainShows = start.Plain is not null && seen.All(s => s[1] is { } p && WithoutFlakeParts(p).Same(WithoutFlakeParts(s[0]!))
            && quoted.Where(s[0]!.Mentions).All(p.Mentions));
        var origin = plainShows ? start.Plain! : start.FlakeParts;
        // What each side must keep showing: what the chosen shape shows there.
        var reference = seen.Select(s => plainShows ? s[1]! : s[0]!).ToList();
        var premises = Premises(origin, expected, title, sides.Count);
        var oracle = new NixReproOracle(session, origin.Command, sides.Select((s, i) => new ReproSide(s.Name, s.Evaluator, reference[i])).ToList(), timeout);
        var reduction = await new ReproReducer(oracle, premises, budget).ReduceAsync(origin.Program, cancellationToken);
        var reduced = origin with { Program = reduction.Program };
        // The command reads the attribute it selects, when Nix shows the same that way: `.#a.b --apply f`, not `.#. --apply 'x: f x.a.b'`.
        if (Hoisted(reduced) is { } hoisted)
        {
            var check = new NixReproOracle(session, hoisted.Command, sides.Select((s, i) => new ReproSide(s.Name, s.Evaluator, reference[i])).ToList(), timeout);
            if ((await check.KeepsAsync([hoisted.Program], cancellationToken))[0]) reduced = hoisted;
        }
        var summary = $"{(plainShows ? "plain clan-core.lib.clan" : start.Plain is null ? "flake-parts (the case needs it)" : "flake-parts (the plain clan does not show it)")}; " +
            $"{origin.Program.Lines()} → {reduction.Program.Lines()} lines in {reduction.Rounds} round(s), {reduction.Evaluated} candidate(s) evaluated on {sides.Count} revision(s), " +
            $"{reduction.Elapsed.TotalSeconds:0} s; {(reduction.Minimal ? "1-minimal" : "not 1-minimal (the budget ended the search)")}" +
            (oracle.LostBatches > 0 ? $"; {oracle.LostBatches} batch(es) lost to Nix failures (the last: {oracle.LastLoss})" : "") +
            (premises.IsEmpty ? "" : $"; premises kept: {string.Join(", ", premises.Minimum)}");
        return new ReducedRepro(reduced, reference, start.Key, reduction.Minimal, summary);
    }

    /// <summary>
    /// An outcome as it reads without flake-parts: flake-parts passes the clan's definitions through
    /// its option <c>flake.clan</c>, so an error about an option of the clan names it
    /// <c>flake.clan.inventory.…</c> where the plain clan says <c>inventory.…</c> — the same error.
    /// </summary>
    private static ReproOutcome WithoutFlakeParts(ReproOutcome outcome) => outcome.Headline is { } headline
        ? outcome with
        {
            Headline = headline.Replace("`flake.clan.", "`", StringComparison.Ordinal),
            // Where each definition was made differs by shape ("- In `<unknown-file>'" for the plain clan's
            // inline ones); what the title says must stay visible is checked by name instead.
            Body = DefinitionSite().Replace((outcome.Body ?? "").Replace("option flake.clan.", "option ", StringComparison.Ordinal), "- In `…'"),
        }
        : outcome;

    [System.Text.RegularExpressions.GeneratedRegex(@"- In `[^']*'")]
    private static partial System.Text.RegularExpressions.Regex DefinitionSite();

    /// <summary>
    /// The repro with its command's selection moved into the attribute it reads: a function
    /// <c>x: … x.a.b …</c> using its argument once, as the target of a selection of names the command
    /// line can address, reads <c>.#…a.b</c> instead (and <c>x: f x</c> becomes <c>f</c>). Null when it cannot.
    /// </summary>
    public static ReportRepro? Hoisted(ReportRepro repro)
    {
        if (repro.Program.Nix[ReportProfile.CommandFile] is not NixLambda { Arg: { } arg, Formals: null, Body: var body }) return null;
        var uses = NixTree.Nodes(body).Where(n => n.Node is NixVar v && v.Name == arg).ToList();
        if (uses.Count != 1) return null;
        var select = NixTree.Nodes(body).FirstOrDefault(n => n.Node is NixSelect { Default: null, Target: NixVar v } && v.Name == arg);
        if (select.Node is not NixSelect { Path: var path } || !path.All(k => k is NixNameKey n && Addressable(n.Name))) return null;
        var rest = NixTree.Transform(body, select.Id, _ => new NixVar(arg));
        NixExpr command = rest is NixApply { Argument: NixVar last } apply && last.Name == arg && !NixTree.Nodes(apply.Function).Any(n => n.Node is NixVar v && v.Name == arg)
            ? apply.Function
            : new NixLambda(arg, null, rest);
        var nix = repro.Program.Nix.ToDictionary(kv => kv.Key, kv => kv.Value);
        nix[ReportProfile.CommandFile] = command;
        return repro with { Program = repro.Program with { Nix = nix }, AttributePath = [.. repro.AttributePath, .. path.Cast<NixNameKey>().Select(k => k.Name)] };
    }

    private static bool Addressable(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
