using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.Runner.Checking;

namespace Conformance.Tests.Shrinking;

/// <summary>
/// A checker without Nix for shrinking specs: the expectation is the model, and what is "observed"
/// is what the model predicts for the case with a fault planted in it (tag settings ignored, a
/// priority read wrong…) — the shape an injected upstream fault has, at no cost, so shrinking,
/// cause keys and the ledger run exactly as in a campaign. With <paramref name="inBase"/> the fault
/// is on the expected side instead, as in a <c>diff</c> whose base lacks what the head does (#7692:
/// the base ignored tag settings the head applies). Counts the cases it checks.
/// </summary>
internal sealed class PlantedFaultChecker(Func<ClanCase, ClanCase> fault, bool inBase = false) : ICaseChecker
{
    private int _checked;
    private int _batches;

    public string Expectation => "the model";

    public string Subject => "the model with a planted fault";

    public int Processes => _batches;

    public int MachineEvaluations => 0;

    /// <summary>Cases checked so far.</summary>
    public int Checked => _checked;

    public async Task<IReadOnlyList<CaseResult>> CheckAsync(IReadOnlyList<ClanCase> cases, Func<CaseResult, Task>? onResult = null,
        IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _batches);
        var results = new List<CaseResult>();
        foreach (var c in cases)
        {
            Interlocked.Increment(ref _checked);
            var result = Check(c);
            results.Add(result);
            if (onResult is not null) await onResult(result);
        }
        return results;
    }

    public CaseResult Check(ClanCase c)
    {
        var (expected, tested) = inBase ? (Oracle.Predict(fault(c)), Oracle.Predict(c)) : (Oracle.Predict(c), Oracle.Predict(fault(c)));
        var observed = expected.Keys.Where(tested.Fields.ContainsKey).ToDictionary(k => k, k => Observe(tested.Fields[k]));
        var observation = new CaseObservation(c.Id, observed);
        return new CaseResult(c, expected, observation, Comparer.Compare(expected, observation));
    }

    /// <summary>What Nix would print for an outcome: its value, or its error (for a documented-but-not-implemented one, what is implemented).</summary>
    private static Observed Observe(Outcome outcome) => (outcome.Deviation?.Actual ?? outcome) switch
    {
        ValueOutcome v => new ObservedValue(v.Expected?.DeepClone()),
        ErrorOutcome e => new ObservedError(e.Error.Kind, "error: " + e.Error.KeyText),
        var other => throw new InvalidOperationException($"no observation for {other}"),
    };
}

/// <summary>Faults to plant: each a one-line change of the kind docs/detection.md injects into clan-core, applied to the case instead.</summary>
internal static class PlantedFaults
{
    /// <summary>clan-core ignoring <c>roles.&lt;r&gt;.tags.&lt;t&gt;.settings</c> (before #7692).</summary>
    public static ClanCase TagSettingsIgnored(ClanCase c) => c with
    {
        Instances = c.Instances.Select(i => i with { Roles = i.Roles.Select(r => r with { TagSettings = [] }).ToList() }).ToList(),
    };

    /// <summary>A member's machine-level settings dropped.</summary>
    public static ClanCase MachineSettingsIgnored(ClanCase c) => c with
    {
        Instances = c.Instances.Select(i => i with { Roles = i.Roles.Select(r => r with { MachineSettings = [] }).ToList() }).ToList(),
    };

    /// <summary><c>mkForce</c> read as a plain definition.</summary>
    public static ClanCase ForceIgnored(ClanCase c)
    {
        Definition Plain(Definition d) => d.Priority == Priority.Force ? d with { Priority = Priority.Plain } : d;
        ModuleSpec Module(ModuleSpec m) => m with { Definitions = m.Definitions.Select(Plain).ToList() };
        return c with
        {
            Modules = c.Modules.Select(Module).ToList(),
            Machines = c.Machines.Select(m => m.Directory?.Configuration is { } conf ? m with { Directory = m.Directory with { Configuration = Module(conf) } } : m).ToList(),
        };
    }

    /// <summary>Static tags not applied.</summary>
    public static ClanCase StaticTagsIgnored(ClanCase c) => c with { StaticTags = [] };

    /// <summary>Overlays dropped from every module.</summary>
    public static ClanCase OverlaysIgnored(ClanCase c)
    {
        ModuleSpec Module(ModuleSpec m) => m with { Definitions = m.Definitions.Where(d => d is not OverlayDef).ToList() };
        return c with
        {
            Modules = c.Modules.Select(Module).ToList(),
            Machines = c.Machines.Select(m => m.Directory?.Configuration is { } conf ? m with { Directory = m.Directory with { Configuration = Module(conf) } } : m).ToList(),
        };
    }
}
