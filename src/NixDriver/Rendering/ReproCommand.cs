using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Semantics;

namespace Conformance.NixDriver.Rendering;

/// <summary>What a repro command's output is read as.</summary>
public enum ReproOutput
{
    /// <summary>The JSON value <c>nix eval --json</c> prints (or its error).</summary>
    Value,

    /// <summary>How many times a trace label is printed (after a marker, when one is given).</summary>
    TraceCount,

    /// <summary>The service warnings printed (first lines, sorted, distinct).</summary>
    Warnings,

    /// <summary>Whether the role-level settings deprecation warning is printed (see <see cref="StderrFields.ServiceWarnings"/>).</summary>
    ServiceWarnings,

    /// <summary>The clan-core attributes deprecation warnings name (see <see cref="StderrFields.CoreWarnings"/>).</summary>
    CoreWarnings,

    /// <summary>Whether the <c>clan.meta.tld</c> deprecation warning is printed (see <see cref="StderrFields.MetaWarnings"/>).</summary>
    MetaWarnings,

    /// <summary>One counter of Nix's statistics (<c>NIX_SHOW_STATS</c>) of evaluating a cost unit's fields alone (see <see cref="CostFields"/>).</summary>
    Cost,
}

/// <summary>
/// The plain <c>nix eval</c> command that shows one field of a rendered case, run in its repro
/// directory: what a report prints for a maintainer, and what the harness runs itself against the
/// good and the bad revision to check that the report reproduces the difference. A value:
/// <c>nix eval --json .#PATH --apply FN</c>. A stderr-derived field evaluates exactly the fields the
/// harness evaluated, in its order (the configurations, a marker, the clanInternals copies), and
/// counts what stderr shows after the marker — so pkgsForSystem calls made by the configurations
/// and by the copies are told apart as the harness tells them apart.
/// </summary>
public sealed record ReproCommand(IReadOnlyList<string> AttributePath, string Apply, ReproOutput Output)
{
    /// <summary>For <see cref="ReproOutput.Cost"/>: the counter printed.</summary>
    public CostCounter? Counter { get; init; }

    /// <summary>For <see cref="ReproOutput.TraceCount"/>: the trace text counted.</summary>
    public string? CountedTrace { get; init; }

    /// <summary>For <see cref="ReproOutput.TraceCount"/>: count only after this trace (null: from the start).</summary>
    public string? AfterTrace { get; init; }

    /// <summary>The marker printed between the configurations' fields and the copies' fields.</summary>
    public const string InternalsMarker = TraceLabels.Prefix + "repro:internals";

    /// <summary>The command for <paramref name="key"/> of <paramref name="clanCase"/>.</summary>
    /// <param name="tried">The evaluated fields the harness read in one piece (those not read alone): stderr-derived fields are reproduced by evaluating exactly these.</param>
    public static ReproCommand For(ClanCase clanCase, FieldKey key, IReadOnlyCollection<FieldKey> tried)
    {
        if (key.Scope == Scope.Cost)
        {
            // What the harness's cost process evaluates: the unit's fields, in one process of their own.
            var unit = tried.Where(k => CostFields.InUnit(k, key.CostPath!.Value, key.System!)).Order().ToList();
            return new ReproCommand([], $"f: let try = v: builtins.tryEval (builtins.deepSeq v v); in builtins.deepSeq (map (g: try (g f)) {FunctionList(unit)}) null", ReproOutput.Cost)
            {
                Counter = key.Counter,
            };
        }
        if (key.Scope == Scope.Stderr)
        {
            // clan-core's deprecation warnings come only from the reads of its argument: the
            // command evaluates those alone, which keeps it short enough to read.
            if (key.Field == StderrFields.CoreWarnings) tried = tried.Where(k => k.MachineField == MachineField.CoreReads).ToList();
            var configurations = tried.Where(k => k.Scope is Scope.Configuration or Scope.Clan or Scope.Service).Order().ToList();
            var internals = tried.Where(k => k.Scope == Scope.Internals).Order().ToList();
            var apply = "f: let try = v: builtins.tryEval (builtins.deepSeq v v); read = fs: builtins.deepSeq (map (g: try (g f)) fs) null; in " +
                $"builtins.seq (read {FunctionList(configurations)}) (builtins.trace {NixSyntax.String(InternalsMarker)} (read {FunctionList(internals)}))";
            return key.IsPkgsForSystemCalls
                ? new ReproCommand([], apply, ReproOutput.TraceCount)
                {
                    CountedTrace = TraceLabels.PkgsForSystem(clanCase.Id) + key.System,
                    AfterTrace = key.Phase == Scope.Internals ? InternalsMarker : null,
                }
                : new ReproCommand([], apply, key.Field switch
                {
                    StderrFields.ServiceWarnings => ReproOutput.ServiceWarnings,
                    StderrFields.CoreWarnings => ReproOutput.CoreWarnings,
                    StderrFields.MetaWarnings => ReproOutput.MetaWarnings,
                    _ => ReproOutput.Warnings,
                });
        }
        if (key.Scope == Scope.Clan) return new ReproCommand([], ObservationExpressions.For(key.ClanField!), ReproOutput.Value);
        if (key.Scope == Scope.Service) return new ReproCommand([], ObservationExpressions.ForService(key), ReproOutput.Value);
        var machine = key.Machine!;
        var inventory = new Inventory(clanCase);
        string[] path = key.Scope == Scope.Internals
            ? ["clanInternals", "machines", key.System!, machine]
            : [inventory.Classes.TryGetValue(machine, out var c) && c == MachineClass.Darwin ? "darwinConfigurations" : "nixosConfigurations", machine];
        return CanAddress(path)
            ? new ReproCommand(path, ObservationExpressions.For(key.MachineField!), ReproOutput.Value)
            : new ReproCommand([], ObservationExpressions.ForKey(key), ReproOutput.Value);
    }

    /// <summary>The command as a person types it in the repro directory (POSIX shell).</summary>
    public string ToShellString()
    {
        var eval = $"nix eval --json {Quote(".#" + (AttributePath.Count == 0 ? "." : NixSyntax.InstallableAttrPath(AttributePath)))}" +
            (IsIdentity(Apply) ? "" : $" --apply {Quote(Apply)}");
        return Output switch
        {
            ReproOutput.Value => eval,
            ReproOutput.TraceCount => eval + " 2>&1" + (AfterTrace is null ? "" : $" | sed -n {Quote($"/{AfterTrace}/,$p")}") + $" | grep -c {Quote("trace: " + CountedTrace)}",
            ReproOutput.ServiceWarnings => eval + $" 2>&1 | grep -F {Quote(StderrFields.RoleSettingsWarning)}",
            ReproOutput.CoreWarnings => eval + $" 2>&1 | grep -F {Quote(StderrFields.CoreWarningPrefix)}",
            ReproOutput.MetaWarnings => eval + $" 2>&1 | grep -F {Quote(StderrFields.TldWarning)}",
            ReproOutput.Cost => "NIX_SHOW_STATS=1 NIX_COUNT_CALLS=1 " + eval + $" 2>&1 >/dev/null | sed -n '/^{{$/,$p' | jq {Quote(JqFor(Counter))}",
            _ => eval + $" 2>&1 | grep {Quote("warning: " + StderrFields.ServiceWarningPrefix)}",
        };
    }

    public override string ToString() => ToShellString();

    /// <summary>
    /// A value command as <see cref="ToShellString"/> writes it, read back (a committed report's
    /// command); null when the text is not one.
    /// </summary>
    public static ReproCommand? ParseValue(string shell)
    {
        var words = new List<string>();
        var i = 0;
        shell = shell.Trim();
        while (i < shell.Length)
        {
            if (shell[i] == ' ') { i++; continue; }
            var word = new System.Text.StringBuilder();
            while (i < shell.Length && shell[i] != ' ')
            {
                if (shell[i] == '\'')
                {
                    var end = shell.IndexOf('\'', i + 1);
                    if (end < 0) return null;
                    word.Append(shell, i + 1, end - i - 1);
                    i = end + 1;
                    // '\'' continues the quoted word with a quote.
                    if (i + 1 < shell.Length && shell[i] == '\\' && shell[i + 1] == '\'') { word.Append('\''); i += 2; }
                    continue;
                }
                word.Append(shell[i++]);
            }
            words.Add(word.ToString());
        }
        var (installable, apply) = words switch
        {
            ["nix", "eval", "--json", var target, "--apply", var a] => (target, a),
            ["nix", "eval", "--json", var target] => (target, "x: x"),
            _ => (null, null),
        };
        if (installable is null || apply is null || !installable.StartsWith(".#", StringComparison.Ordinal)) return null;
        var path = installable[2..];
        IReadOnlyList<string> segments = path == "." ? [] : SplitInstallable(path);
        return new ReproCommand(segments, apply, ReproOutput.Value);
    }

    /// <summary>Whether a function returns its argument (<c>x: x</c>): a command needs no <c>--apply</c> then.</summary>
    private static bool IsIdentity(string apply) => System.Text.RegularExpressions.Regex.IsMatch(apply, @"^\s*([A-Za-z_][A-Za-z0-9_'-]*)\s*:\s*\1\s*$");

    /// <summary>The segments of an installable's attribute path: dots separate, double quotes group.</summary>
    private static List<string> SplitInstallable(string path)
    {
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in path)
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (c == '.' && !quoted) { segments.Add(current.ToString()); current.Clear(); continue; }
            current.Append(c);
        }
        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>The jq filter printing one cost counter from Nix's statistics (the same reading as <c>EvaluatorStats</c>).</summary>
    private static string JqFor(CostCounter? counter) => counter switch
    {
        CostCounter.Instances => "[.functions[] | select(.file != null and (.file | endswith(\"/pkgs/top-level/default.nix\")))] | min_by([.line, .column]) | .count",
        CostCounter.CpuMilliseconds => ".cpuTime * 1000 | floor",
        { } other => "." + string.Join(".", CostFields.StatsPath(other)),
        null => ".",
    };

    private static string FunctionList(IEnumerable<FieldKey> keys) => "[ " + string.Concat(keys.Select(k => $"({ObservationExpressions.ForKey(k)}) ")) + "]";

    private static bool CanAddress(IEnumerable<string> path) => path.All(s => s.Length > 0 && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-'));

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
