using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// Deliberately wrong models, kept around to prove that the properties and specs named after a
/// behaviour fail when the model gets that behaviour wrong (STYLE.md: "keep a deliberately wrong
/// model around"). Each is the real oracle with one mistake planted, so that whatever else a
/// property checks still holds and only the planted mistake can make it fail.
/// </summary>
internal static class WrongModels
{
    /// <summary>
    /// Counts pkgsForSystem per machine instead of once per clan and system: each predicted count
    /// is multiplied by the number of machines (a model that forgot pkgsFor is bound once).
    /// </summary>
    public static Prediction CountsPkgsForSystemPerMachine(ClanCase c)
    {
        var p = Model.Oracle.Oracle.Predict(c);
        return p with
        {
            Fields = p.Fields.ToDictionary(kv => kv.Key, kv => kv.Key.IsPkgsForSystemCalls && kv.Value is ValueOutcome { Expected: JsonValue calls } v
                ? v with { Expected = JsonValue.Create(calls.GetValue<int>() * c.Machines.Count) }
                : kv.Value),
        };
    }

    /// <summary>Ignores the settings of <c>roles.&lt;r&gt;.tags.&lt;t&gt;</c>: predicts the case as if no tag had settings.</summary>
    public static Prediction IgnoresTagSettings(ClanCase c) =>
        Model.Oracle.Oracle.Predict(c with
        {
            Instances = c.Instances.Select(i => i with { Roles = i.Roles.Select(r => r with { TagSettings = [] }).ToList() }).ToList(),
        });

    /// <summary>
    /// The prediction with every field contradicted: each outcome becomes a value no Nix evaluation
    /// prints (and loses its known deviation), so every field that is really compared disagrees.
    /// </summary>
    public static Prediction Contradicting(Prediction p) => p with
    {
        Fields = p.Fields.ToDictionary(kv => kv.Key, kv => (Outcome)new ValueOutcome(JsonValue.Create("planted by WrongModels.Contradicting"), "planted wrong model")),
    };
}
