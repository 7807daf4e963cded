namespace Conformance.Model.Observations;

/// <summary>
/// The cost fields of a case: one unit per path and system — the deployable configurations of all
/// machines (<c>cost/cfg/all/…</c>) and the <c>clanInternals.machines.&lt;system&gt;</c> copies of each
/// inspected system (<c>cost/sys/&lt;system&gt;/…</c>) — each evaluated in a <c>nix</c> process of its
/// own, so every counter belongs to exactly one case and one path. The names, the paths in Nix's
/// statistics and the rule for when two measurements differ are defined here once.
/// </summary>
public static class CostFields
{
    /// <summary>The system label of the configurations' unit: it evaluates every machine, whatever its platform.</summary>
    public const string AllSystems = "all";

    /// <summary>
    /// When a compared counter of the head is a different cost from the base's. Every counter but
    /// CPU time, wall time and peak memory repeats exactly for the same Nix and inputs
    /// (docs/performance.md, "Evaluation cost"), so its noise floor is zero and any increase, however
    /// small, is work the head adds — #6503 wrapping clan-core's ~40 attributes in warnings is +45
    /// thunks out of 1.5 million, deterministic and real. A decrease is an improvement: shown in the
    /// summary's cost table, no disagreement (nothing to report upstream; a refactor such as #7467
    /// that saves 14 thunks is no cause). Instances differ on any change either way: they are a
    /// count the model predicts and clan promises ("once per system").
    /// </summary>
    /// <remarks>
    /// GC bytes repeat exactly too, but they count bytes, and bytes follow the size of the source
    /// text and of strings: a clan-core edit that only lengthens one line of module.nix moved them by
    /// +0.0011% in a configuration that evaluates none of the edited code (docs/detection.md, the
    /// injected fault). The structural counts — thunks, calls, environments, values, sets — do not
    /// move for that; GC bytes count as a change beyond <see cref="GcBytesSignificance"/>.
    /// </remarks>
    public static bool IsRegression(CostCounter counter, long expected, long actual) => counter switch
    {
        CostCounter.Instances => expected != actual,
        _ when !IsCompared(counter) => false,
        CostCounter.GcBytes => actual > expected * (1 + GcBytesSignificance),
        _ => actual > expected,
    };

    /// <summary>How far GC bytes may grow before it is a cost of its own: 1% (see <see cref="IsRegression"/>).</summary>
    public const double GcBytesSignificance = 0.01;

    public static string Name(CostCounter counter) => counter switch
    {
        CostCounter.Instances => "instances",
        CostCounter.Thunks => "thunks",
        CostCounter.FunctionCalls => "calls",
        CostCounter.Envs => "envs",
        CostCounter.Values => "values",
        CostCounter.Sets => "sets",
        CostCounter.GcBytes => "gc-bytes",
        CostCounter.CpuMilliseconds => "cpu-ms",
        CostCounter.WallMilliseconds => "wall-ms",
        _ => "peak-kb",
    };

    public static CostCounter? Parse(string name) => Enum.GetValues<CostCounter>().Cast<CostCounter?>().FirstOrDefault(c => Name(c!.Value) == name);

    /// <summary>Where Nix's statistics JSON holds the counter (instances come from the per-function call counts, wall time and peak memory from the process instead).</summary>
    public static string[] StatsPath(CostCounter counter) => counter switch
    {
        CostCounter.Thunks => ["nrThunks"],
        CostCounter.FunctionCalls => ["nrFunctionCalls"],
        CostCounter.Envs => ["envs", "number"],
        CostCounter.Values => ["values", "number"],
        CostCounter.Sets => ["sets", "number"],
        CostCounter.GcBytes => ["gc", "totalBytes"],
        CostCounter.CpuMilliseconds => ["cpuTime"],
        _ => [],
    };

    /// <summary>Whether the counter is compared at all: CPU time, wall time and peak memory vary from run to run and with the machine's load; they are reported, never compared.</summary>
    public static bool IsCompared(CostCounter counter) => counter is not (CostCounter.CpuMilliseconds or CostCounter.WallMilliseconds or CostCounter.PeakKilobytes);

    /// <summary>Whether <paramref name="actual"/> agrees with <paramref name="expected"/>: no regression (<see cref="IsRegression"/>).</summary>
    public static bool Same(CostCounter counter, long expected, long actual) => !IsRegression(counter, expected, actual);

    /// <summary>A counter's value from its JSON form (an integer).</summary>
    public static bool TryCount(System.Text.Json.Nodes.JsonNode? value, out long count) =>
        long.TryParse(value?.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out count);

    /// <summary>
    /// The relative change, e.g. <c>+38%</c>, with two significant digits below one percent
    /// (<c>+0.0029%</c>: a change the counters see exactly must not print as <c>+0%</c>), or
    /// <c>+2</c> for instances, which are small counts.
    /// </summary>
    public static string Change(CostCounter counter, long expected, long actual)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (counter == CostCounter.Instances) return (actual - expected).ToString("+0;-0;0", invariant);
        if (expected == 0) return actual == 0 ? "+0%" : "+inf%";
        var percent = 100.0 * (actual - expected) / expected;
        if (percent == 0 || Math.Abs(percent) >= 1) return Math.Round(percent).ToString("+0;-0;0", invariant) + "%";
        var decimals = Math.Min(12, 1 - (int)Math.Floor(Math.Log10(Math.Abs(percent))));
        return Math.Round(percent, decimals).ToString("+0." + new string('#', decimals) + ";-0." + new string('#', decimals), invariant) + "%";
    }

    /// <summary>The unit's fields of a case observed with cost: the configurations' unit and one per inspected system.</summary>
    public static IEnumerable<FieldKey> Keys(Cases.ClanCase clanCase)
    {
        if (!clanCase.ObserveCost || !ObservationPlan.EvaluatesMachines(clanCase) || clanCase.Machines.Count == 0) yield break;
        foreach (var (path, system) in Units(clanCase))
            foreach (var counter in Enum.GetValues<CostCounter>())
                yield return FieldKey.Cost(path, system, counter);
    }

    /// <summary>The cost units of a case: (path, system).</summary>
    public static IEnumerable<(Scope Path, string System)> Units(Cases.ClanCase clanCase)
    {
        yield return (Scope.Configuration, AllSystems);
        foreach (var system in ObservationPlan.InspectedSystems(clanCase)) yield return (Scope.Internals, system);
    }

    /// <summary>Whether an evaluated field belongs to the unit (path, system): its fields are what the unit's process evaluates.</summary>
    public static bool InUnit(FieldKey key, Scope path, string system) =>
        key.Scope == path && (path == Scope.Configuration || key.System == system);

    public static string PathLabel(Scope path) => path switch
    {
        Scope.Configuration => "cfg",
        Scope.Internals => "sys",
        _ => throw new ArgumentOutOfRangeException(nameof(path), "cost is measured for the configurations (cfg) or the clanInternals copies (sys)"),
    };

    public static Scope? ParsePath(string label) => label switch { "cfg" => Scope.Configuration, "sys" => Scope.Internals, _ => null };

    internal static string FieldName(Scope path, CostCounter counter) => PathLabel(path) + "." + Name(counter);

    internal static Scope? PathOf(string field) => field.Split('.') is [var p, _] ? ParsePath(p) : null;

    internal static CostCounter? CounterOf(string field) => field.Split('.') is [_, var c] ? Parse(c) : null;
}
