using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Checking;
using Xunit.Abstractions;

namespace Conformance.Tests.Shrinking;

/// <summary>TEMPORARY measurement: the old shrinker against the choice shrinker on planted faults.</summary>
public sealed class ShrinkerComparisonSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Compare()
    {
        var faults = new (string Name, CaseKind Kind, Func<ClanCase, ClanCase> Fault)[]
        {
            ("tag settings ignored", CaseKind.Services, PlantedFaults.TagSettingsIgnored),
            ("machine settings ignored", CaseKind.Services, PlantedFaults.MachineSettingsIgnored),
            ("mkForce ignored", CaseKind.Clan, PlantedFaults.ForceIgnored),
            ("static tags ignored", CaseKind.Clan, PlantedFaults.StaticTagsIgnored),
            ("overlays ignored", CaseKind.Clan, PlantedFaults.OverlaysIgnored),
        };
        foreach (var (name, kind, fault) in faults)
        {
            var checker = new PlantedFaultChecker(fault);
            var failing = ClanArbitraries.Campaign(5, 60, kind: kind).Select(checker.Check).Where(r => !r.Verdict.Conforms).Take(10).ToList();
            var triage = new CauseTriage(checker, v => Campaign.FailingFields(v, new HashSet<Model.Observations.FocusArea>())) { Parallelism = 1 };
            var totals = new Dictionary<string, (int Evaluated, int Steps, double Machines, double Modules, double Defs, double Instances, double Json, int N)>();
            foreach (var r in failing)
            {
                var cause = triage.Checked(r).Causes.Keys.First();
                bool Keep(CaseResult current, CaseResult candidate)
                {
                    var causes = triage.Checked(candidate).Causes.Keys.ToHashSet();
                    return causes.Contains(cause) && causes.IsSubsetOf(triage.Checked(current).Causes.Keys);
                }
                foreach (var (label, shrinker) in new[]
                         {
                             ("old", new BatchShrinker(checker, Keep) { Candidates = ClanCaseShrinker.Shrink, Normalize = c => c }),
                             ("choices", new BatchShrinker(checker, Keep)),
                         })
                {
                    var o = await shrinker.ShrinkAsync(r, CancellationToken.None);
                    var c = o.Minimal.Case;
                    var defs = c.Modules.Concat(c.Machines.Select(m => m.Directory?.Configuration).OfType<ModuleSpec>()).Sum(m => m.Definitions.Count);
                    var t = totals.GetValueOrDefault(label);
                    totals[label] = (t.Evaluated + o.Evaluated, t.Steps + o.Steps, t.Machines + c.Machines.Count, t.Modules + c.Modules.Count, t.Defs + defs,
                        t.Instances + c.Instances.Count, t.Json + CaseJson.Structure(c).Length, t.N + 1);
                    if (failing.IndexOf(r) < 2) output.WriteLine($"{name} {label} {r.Case.Id} {cause}: {o.Steps} steps, {o.Evaluated} evaluated, fixpoint {o.ReachedFixpoint}\n{CaseJson.Structure(c)}");
                }
            }
            foreach (var (label, t) in totals)
                output.WriteLine($"{name,-26} {label,-8} n={t.N} evaluated {t.Evaluated,5} steps {t.Steps,4} | machines {t.Machines / t.N:0.00} modules {t.Modules / t.N:0.00} defs {t.Defs / t.N:0.00} instances {t.Instances / t.N:0.00} json {t.Json / t.N:0}");
        }
    }
}
