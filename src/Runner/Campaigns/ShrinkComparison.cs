using Conformance.Model.Cases;
using Conformance.Model.Causes;

namespace Conformance.Runner.Campaigns;

/// <summary>TEMPORARY: one line per shrinker and cause for the side-by-side comparison (docs/detection.md); removed with the old shrinker.</summary>
internal static class ShrinkComparison
{
    public static string Line(string shrinker, CauseKey cause, BatchShrinker.Outcome o)
    {
        var c = o.Minimal.Case;
        var definitions = c.Modules.Concat(c.Machines.Select(m => m.Directory?.Configuration).OfType<ModuleSpec>()).Sum(m => m.Definitions.Count);
        return $"shrink-compare\t{shrinker}\t{cause}\t{o.Minimal.Case.Id}\tsteps={o.Steps}\tfixpoint={o.ReachedFixpoint}\tevaluated={o.Evaluated}\tbatches={o.Batches}\t" +
               $"machines={c.Machines.Count}\tmodules={c.Modules.Count}\tdefinitions={definitions}\tinstances={c.Instances.Count}\tservices={c.Services.Count}\tjson={CaseJson.Structure(c).Length}";
    }
}
